// A Switchboard built by a host test from its own ports, the way activate() builds the
// extension's: temporary storage folders, in-memory secrets and mementos, scripted prompts,
// a status item that records what is done to it. It registers nothing with VS Code, so it
// lives beside the installed extension without touching its commands, views or ledger.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { vscodeConfig } from '../../src/vscode/config';
import { systemClock, type StatusItemSink, type StoragePorts } from '../../src/vscode/ports';
import { Switchboard } from '../../src/vscode/switchboard';
import type { UiPrompts } from '../../src/vscode/uiPrompts';
import { panelTransport, type TransportFactory } from '../../src/vscode/webview/webviewHost';
import { extension } from './harness';

export function memoryMemento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void values.set(key, value),
  } as vscode.Memento;
}

/** SecretStorage in memory; `keys()` lists what is stored (this VS Code API version's typings lack it). */
export type MemorySecrets = vscode.SecretStorage & { keys(): Thenable<string[]> };

export function memorySecrets(): MemorySecrets {
  const values = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  return {
    get: async (key) => values.get(key),
    store: async (key, value) => {
      values.set(key, value);
      changed.fire({ key });
    },
    delete: async (key) => {
      values.delete(key);
      changed.fire({ key });
    },
    keys: async () => [...values.keys()],
    onDidChange: changed.event,
  } as MemorySecrets;
}

/** One question or message put to the user, and the answer the script gave. */
export interface Asked {
  kind: keyof UiPrompts;
  message: string;
}

/** Prompts answered by `answer` (undefined: dismissed), each one recorded in `asked`. */
export class ScriptedPrompts implements UiPrompts {
  readonly asked: Asked[] = [];
  answer: (asked: Asked, actions: readonly string[]) => string | undefined = () => undefined;

  private reply(kind: keyof UiPrompts, message: string, actions: readonly string[]): Promise<string | undefined> {
    const asked = { kind, message };
    this.asked.push(asked);
    return Promise.resolve(this.answer(asked, actions));
  }

  confirm = (message: string, _detail: string, ...actions: string[]) => this.reply('confirm', message, actions);
  info = (message: string, ...actions: string[]) => this.reply('info', message, actions);
  warn = (message: string, ...actions: string[]) => this.reply('warn', message, actions);
  error = (message: string, ...actions: string[]) => this.reply('error', message, actions);
  input = (options: vscode.InputBoxOptions) => this.reply('input', options.title ?? '', []);
  pickText = (_items: readonly string[], options: vscode.QuickPickOptions) => this.reply('pickText', options.title ?? '', []);
  pick = async <T extends vscode.QuickPickItem>(_items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> => {
    this.asked.push({ kind: 'pick', message: options.title ?? '' });
    return undefined;
  };
}

/** A status item that keeps what the meter did to it. */
export class RecordingStatusItem implements StatusItemSink {
  text = '';
  tooltip: string | vscode.MarkdownString | undefined;
  backgroundColor: vscode.ThemeColor | undefined;
  command: string | vscode.Command | undefined;
  name: string | undefined;
  visible = false;

  show(): void {
    this.visible = true;
  }

  hide(): void {
    this.visible = false;
  }

  get tooltipText(): string {
    return typeof this.tooltip === 'string' ? this.tooltip : (this.tooltip?.value ?? '');
  }

  get background(): string | undefined {
    return (this.backgroundColor as { id?: string } | undefined)?.id;
  }
}

/** The browser a sign-in opens: records each page and hands it to `visit` (the test plays the user). */
export class ScriptedBrowser {
  readonly opened: URL[] = [];
  /** Each visit's outcome, in order; a test awaits them to see the browser side finish. */
  readonly visits: Promise<unknown>[] = [];
  visit: (url: URL) => Promise<unknown> = () => Promise.resolve();

  readonly open = (url: URL): Promise<boolean> => {
    this.opened.push(url);
    const visit = this.visit(url);
    visit.catch(() => undefined);
    this.visits.push(visit);
    return Promise.resolve(true);
  };
}

export interface TestContext {
  readonly sb: Switchboard;
  readonly prompts: ScriptedPrompts;
  readonly statusItem: RecordingStatusItem;
  readonly gatewayStatusItem: RecordingStatusItem;
  readonly browser: ScriptedBrowser;
  readonly storage: StoragePorts & { readonly folder: string; readonly secrets: MemorySecrets };
  /** Disposes the Switchboard (awaiting the ledger's checkpoint) and deletes its folders. */
  close(opts?: { keepFolder?: boolean }): Promise<void>;
}

/**
 * A Switchboard over fresh ports; pass `folder` to open it over an earlier one's storage (a
 * restart), `webviewTransport` to watch its pages (a WebviewProbe's transport), `workspace` to name
 * the workspace its calls are stamped with.
 */
export function testSwitchboard(opts: { folder?: string; webviewTransport?: TransportFactory; workspace?: string } = {}): TestContext {
  const folder = opts.folder ?? mkdtempSync(join(tmpdir(), 'sb-context-'));
  const storage = {
    folder,
    secrets: memorySecrets(),
    globalState: memoryMemento(),
    workspaceState: memoryMemento(),
    globalStorageUri: vscode.Uri.file(join(folder, 'global')),
    storageUri: vscode.Uri.file(join(folder, 'workspace')),
  };
  const prompts = new ScriptedPrompts();
  const statusItem = new RecordingStatusItem();
  const gatewayStatusItem = new RecordingStatusItem();
  const browser = new ScriptedBrowser();
  const log = vscode.window.createOutputChannel('Switchboard (host test)', { log: true });
  const sb = new Switchboard({
    extensionUri: extension().extensionUri,
    version: (extension().packageJSON as { version: string }).version,
    storage,
    config: vscodeConfig,
    clock: systemClock,
    prompts,
    log,
    statusItem,
    gatewayStatusItem,
    webviewTransport: opts.webviewTransport ?? panelTransport,
    workspace: () => opts.workspace ?? vscode.workspace.name,
    openBrowser: browser.open,
  });
  return {
    sb,
    prompts,
    statusItem,
    gatewayStatusItem,
    browser,
    storage,
    close: async ({ keepFolder = false } = {}) => {
      await sb.close();
      log.dispose();
      if (!keepFolder) rmSync(folder, { recursive: true, force: true });
    },
  };
}
