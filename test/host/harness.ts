// Shared helpers for host tests: the extension under test, seen the way any extension sees it.
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import type { MutableWindow } from './llm/settingsHelpers';

export const EXTENSION_ID = 'switchboard-dev.switchboard';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension<unknown>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

/** Activates the installed extension; resolves with its exports (nothing, by design). */
export async function activated(): Promise<unknown> {
  return extension().activate();
}

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; name: string }[]>;
  };
}

export function manifest(): Manifest {
  return extension().packageJSON as Manifest;
}

/**
 * Runs `fn` and returns the error notifications Switchboard showed meanwhile: a command that
 * throws is caught by the command map and reported this way (the only way a user sees it).
 */
export async function errorsShownDuring(fn: () => PromiseLike<unknown>): Promise<string[]> {
  const win = vscode.window as MutableWindow;
  const original = win.showErrorMessage;
  const shown: string[] = [];
  win.showErrorMessage = ((message: string) => {
    shown.push(message);
    return Promise.resolve(undefined);
  }) as MutableWindow['showErrorMessage'];
  try {
    await fn();
  } finally {
    win.showErrorMessage = original;
  }
  return shown;
}

/** Polls `probe` until it yields something other than undefined or false. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Writes `switchboard.<key>` and resolves once VS Code has told every listener registered before
 * this call (the extension's among them) about it.
 */
export async function setSetting(key: string, value: unknown, target = vscode.ConfigurationTarget.Global): Promise<void> {
  const config = vscode.workspace.getConfiguration('switchboard');
  const inspected = config.inspect(key);
  // Writing what is already there fires no change event.
  if (isDeepStrictEqual(target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue, value)) return;
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`switchboard.${key}`)) return;
      sub.dispose();
      resolve();
    });
  });
  await config.update(key, value, target);
  await changed;
}
