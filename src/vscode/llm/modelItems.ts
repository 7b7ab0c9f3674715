// The items of the "Select Model" quick pick. Only types come from vscode, so this is unit-tested
// in plain Node.
import type * as vscode from 'vscode';
import type { ModelInfo } from '../../core/llm/types';

export interface ModelItem extends vscode.QuickPickItem {
  model: string;
}

/** Quick-pick items with the current model first and marked. */
export function modelItems(models: ModelInfo[], current: string | undefined): ModelItem[] {
  const items = models.map((m) => ({
    label: m.id === current ? `$(check) ${m.id}` : m.id,
    description: [m.id === current ? 'current' : '', m.label && m.label !== m.id ? m.label : ''].filter(Boolean).join(' · '),
    model: m.id,
  }));
  return items.sort((a, b) => Number(b.model === current) - Number(a.model === current));
}
