// Keeps MCP negotiation verdicts in globalState: which protocol era each server spoke, so the
// next connect (in any window) skips the version probe. Server text inside is data, never shown raw.
import type * as vscode from 'vscode';
import type { StoredVerdict, VerdictStore } from '../../core/mcp/eraVerdicts';

const KEY = 'switchboard.mcp.eraVerdicts';

export function mementoVerdictStore(memento: vscode.Memento): VerdictStore {
  const all = () => memento.get<Record<string, StoredVerdict>>(KEY) ?? {};
  return {
    get: (key) => all()[key],
    set: (key, verdict) => void memento.update(KEY, { ...all(), [key]: verdict }),
    delete: (key) => {
      const { [key]: gone, ...rest } = all();
      if (gone) void memento.update(KEY, rest);
    },
  };
}
