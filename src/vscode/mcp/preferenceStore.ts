// Persists per-server and per-tool enabled flags and approval modes in globalState (they are
// the user's choices about tools, not part of any workspace's files).
import type * as vscode from 'vscode';
import type { PreferenceStore, ToolPreferenceState } from '../../core/mcp/toolPreferences';

const KEY = 'switchboard.mcp.toolPreferences';

export function mementoPreferenceStore(memento: vscode.Memento): PreferenceStore {
  return {
    load: () => memento.get<ToolPreferenceState>(KEY),
    save: (state) => void memento.update(KEY, state),
  };
}
