// Shared helpers for host tests: the extension under test and its test API.
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import type { SwitchboardApi } from '../../src/extension';

export const EXTENSION_ID = 'switchboard-dev.switchboard';

export function extension(): vscode.Extension<SwitchboardApi> {
  const ext = vscode.extensions.getExtension<SwitchboardApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

export async function api(): Promise<SwitchboardApi> {
  return extension().activate();
}

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; name: string }[]>;
  };
}

export function manifest(): Manifest {
  return extension().packageJSON as Manifest;
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
