// Shared helpers for host tests: the extension under test and its test API.
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
