// "Switchboard: Run Prompt…": a prompt (or the editor selection) goes to the chosen model
// with the enabled MCP tools (at most `agent.maxTools`, chosen for the prompt) offered under their LLM-safe names; tool calls run through the
// executor (with approval) until the model is done, a cap is reached or the user cancels.
import * as vscode from 'vscode';
import { RUN_TITLE_CHARS, runAgent } from '../../core/agent/agentRun';
import { formatUsd } from '../../core/money';
import { mcpToolbox } from '../../core/agent/mcpToolbox';
import type { AgentResult } from '../../core/agent/types';
import type { LlmProvider, ProviderConfig } from '../../core/llm/provider';
import type { ToolRegistry } from '../../core/mcp/registry';
import type { ToolExecutor } from '../../core/tools/executor';
import type { ToolIndex } from '../../core/tools/toolIndex';
import type { CostCalculator, UsageSink } from '../../core/usage/records';
import { Commands } from '../commandIds';
import { RunPanel } from '../webview/runPanel';
import type { WebviewPorts } from '../webview/webviewHost';

export interface RunPromptDeps {
  webviews: WebviewPorts;
  log: vscode.LogOutputChannel;
  providerConfigs(): ProviderConfig[];
  pickProvider(configs: ProviderConfig[], placeHolder: string): Promise<ProviderConfig | undefined>;
  /** The provider as agent runs use it: through the response cache and the call recorder. */
  llm(providerId: string): LlmProvider;
  registry: ToolRegistry;
  executor: ToolExecutor;
  toolIndex: ToolIndex;
  /** Starts the enabled MCP servers whose tools are not known yet, so the run can offer them. */
  prepareTools(): Promise<void>;
  usage: UsageSink;
  pricing(): CostCalculator;
  limits(): { maxSteps: number; maxCostUsd: number; maxTools: number };
  showProviderError(err: unknown): Promise<void>;
}

/** Arguments for scripted use (tests, other extensions); anything missing is asked for. */
export interface RunPromptArgs {
  prompt?: string;
  providerId?: string;
  model?: string;
}

async function askPrompt(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const instruction = await vscode.window.showInputBox({
    title: 'Switchboard: Run Prompt',
    prompt: selection ? 'What should the model do with the selected text?' : 'Prompt for the model (enabled MCP tools are offered to it)',
    ignoreFocusOut: true,
  });
  if (!instruction) return undefined;
  return selection ? `${instruction}\n\n---\n${selection}` : instruction;
}

/** Resolves with the run's result, undefined when the user backed out before it started. */
export async function runPrompt(deps: RunPromptDeps, args: RunPromptArgs = {}): Promise<AgentResult | undefined> {
  const configs = deps.providerConfigs();
  const config = args.providerId ? configs.find((c) => c.id === args.providerId) : await deps.pickProvider(configs, 'Run the prompt with which provider?');
  if (!config) {
    if (args.providerId) throw new Error(`no provider "${args.providerId}" is configured`);
    return undefined;
  }
  const model = args.model ?? config.defaultModel;
  if (!model) {
    const pick = await vscode.window.showWarningMessage(`Switchboard: choose a model for ${config.label ?? config.id} first.`, 'Select Model');
    if (pick) await vscode.commands.executeCommand(Commands.selectModel, config.id);
    return undefined;
  }
  const prompt = args.prompt ?? (await askPrompt());
  if (!prompt) return undefined;

  const limits = deps.limits();
  const controller = new AbortController();
  const title = prompt.split('\n')[0]!.slice(0, RUN_TITLE_CHARS);
  const panel = new RunPanel(deps.webviews, { title, provider: config.label ?? config.id, model, maxCostUsd: limits.maxCostUsd || undefined }, () => controller.abort());
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Switchboard: running "${title}"`, cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      progress.report({ message: 'preparing MCP tools' });
      await deps.prepareTools();
      return runAgent({
        provider: deps.llm(config.id),
        request: { model },
        prompt,
        title,
        toolbox: mcpToolbox({ registry: deps.registry, executor: deps.executor, index: deps.toolIndex, maxTools: limits.maxTools }),
        usage: deps.usage,
        pricing: deps.pricing(),
        maxSteps: limits.maxSteps,
        maxCostUsd: limits.maxCostUsd,
        signal: controller.signal,
        onEvent: (e) => {
          panel.onEvent(e);
          if (e.type === 'step-start') progress.report({ message: `step ${e.step}` });
          if (e.type === 'tool-call-start') progress.report({ message: `calling ${e.name}` });
        },
      });
    },
  );
  deps.log.info(`run ${result.executionId}: ${result.reason} after ${result.steps} step(s), ${formatUsd(result.runCostUsd)}`);
  if (result.error) void deps.showProviderError(result.error);
  return result;
}
