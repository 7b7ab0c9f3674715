// Switchboard's own problems with MCP config files, in the Problems panel with ranges, and the
// way to jump to one. Problems in settings (no file) are shown in the tree and the log only.
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import type { ConfigProblem } from '../../core/mcp/configTypes';

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('switchboard-mcp');

  /** Replaces every diagnostic with `problems`. */
  show(problems: readonly ConfigProblem[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problems) {
      if (!isAbsolute(p.file)) continue;
      const d = new vscode.Diagnostic(problemRange(p), problemText(p), p.warning ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
      d.source = 'Switchboard';
      byFile.set(p.file, [...(byFile.get(p.file) ?? []), d]);
    }
    this.collection.clear();
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  dispose(): void {
    this.collection.dispose();
  }
}

export function problemText(p: ConfigProblem): string {
  return p.server ? `server "${p.server}": ${p.message}` : p.message;
}

export function problemRange(p: ConfigProblem): vscode.Range {
  const start = new vscode.Position(Math.max(0, (p.line ?? 1) - 1), Math.max(0, (p.column ?? 1) - 1));
  if (p.endLine === undefined) return new vscode.Range(start, start);
  return new vscode.Range(start, new vscode.Position(Math.max(0, p.endLine - 1), Math.max(0, (p.endColumn ?? 1) - 1)));
}

/** Opens the file at the problem, selected; a problem in a setting opens the settings at it. */
export async function openProblem(p: ConfigProblem): Promise<void> {
  if (!isAbsolute(p.file)) {
    await vscode.commands.executeCommand('workbench.action.openSettings', p.file.split(' ')[0]);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(p.file), { selection: problemRange(p), preview: false });
}
