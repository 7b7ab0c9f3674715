// The one place host code reads Switchboard's settings: `readConfig()` gives every section typed
// and validated (see configSections.ts), read fresh on each call so edits apply without a reload.
// `vscodeConfig` is the port services read it through; its one write is a budget.
import * as vscode from 'vscode';
import type { Disposable } from '../core/lifecycle';
import type { BudgetPeriod } from '../core/usage/budget';
import { type Config, type ConfigSection, parseConfig, SECTION_SETTINGS } from './configSections';

export type { Config, ConfigSection } from './configSections';

const ROOT = 'switchboard';
export const MCP_SERVERS_SETTING = `${ROOT}.mcp.servers`;

export function readConfig(): Config {
  const settings = vscode.workspace.getConfiguration(ROOT);
  return parseConfig((key) => settings.get<unknown>(key));
}

/** Whether a settings change touched any setting `section` is read from. */
export function affectsSection(event: vscode.ConfigurationChangeEvent, section: ConfigSection): boolean {
  return SECTION_SETTINGS[section].some((key) => event.affectsConfiguration(`${ROOT}.${key}`));
}

/** Calls `listener` with fresh settings whenever one of `sections` changes; dispose to stop. */
export function onConfigChange(sections: readonly ConfigSection[], listener: (config: Config) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (sections.some((section) => affectsSection(event, section))) listener(readConfig());
  });
}

/**
 * `switchboard.mcp.servers` by scope rather than merged: servers set in the workspace count as
 * workspace-defined (they need trust), those in user settings do not.
 */
export function mcpServerSettings(): { user?: unknown; workspace?: unknown } {
  const inspected = vscode.workspace.getConfiguration().inspect<unknown>(MCP_SERVERS_SETTING);
  return { user: inspected?.globalValue, workspace: inspected?.workspaceValue };
}

export function onMcpServerSettingsChange(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(MCP_SERVERS_SETTING)) listener();
  });
}

/** Settings as Switchboard's services see them: typed, fresh on each read, with a change event. */
export interface ConfigPort {
  read(): Config;
  /** Calls `listener` with fresh settings whenever one of `sections` changes; dispose to stop. */
  onDidChange(sections: readonly ConfigSection[], listener: (config: Config) => void): Disposable;
  /** Sets a budget in USD (daily, monthly: user settings; workspace: workspace settings); 0 removes it. */
  writeBudget(period: BudgetPeriod, usd: number): Promise<void>;
  /** Sets a team ledger setting (user settings); undefined removes it. */
  writeTeam(key: TeamSettingKey, value: string | undefined): Promise<void>;
}

export type TeamSettingKey = 'database' | 'member' | 'project';

export const vscodeConfig: ConfigPort = {
  read: readConfig,
  onDidChange: onConfigChange,
  writeBudget: async (period, usd) => {
    const [key, target] = period === 'workspace' ? ['workspaceMonthly', vscode.ConfigurationTarget.Workspace] : [period, vscode.ConfigurationTarget.Global];
    await vscode.workspace.getConfiguration(`${ROOT}.budget`).update(key, usd, target);
  },
  writeTeam: async (key, value) => {
    await vscode.workspace.getConfiguration(`${ROOT}.team`).update(key, value, vscode.ConfigurationTarget.Global);
  },
};
