// Switchboard's models in VS Code's chat and `vscode.lm`: a LanguageModelChatProvider (vendor
// `switchboard`) whose requests go through the same provider stack as Switchboard's own calls
// (budget → response cache → call recorder → provider), recorded as `vscode-chat` executions.
import * as vscode from 'vscode';
import { messageText, toNeutralMessages } from '../../core/chat/chatMessages';
import { fromModelOptions, toToolChoice, toToolDefinitions } from '../../core/chat/chatOptions';
import { outParts, type ChatOutPart } from '../../core/chat/responseParts';
import { newId } from '../../core/ids';
import { LlmError } from '../../core/llm/errors';
import type { LlmProvider } from '../../core/llm/provider';
import { MESSAGE_OVERHEAD_TOKENS, tokenCounterFor } from '../../core/llm/tokenCount';
import type { ChatRequest } from '../../core/llm/types';
import { BudgetExceededError } from '../../core/usage/budget';
import type { ExecutionStatus, UsageSink } from '../../core/usage/records';
import { showProviderError } from '../llm/providerUi';
import { showBudgetRefusal } from '../usage/budgetGuard';
import type { ChatModelList, SwitchboardChatModel } from './chatModels';

export const CHAT_VENDOR = 'switchboard';
/** The execution kind (and ledger source) of requests that came through VS Code's chat API. */
export const CHAT_SOURCE = 'vscode-chat';

export interface ChatProviderDeps {
  models: ChatModelList;
  /** The wrapped provider (budget, cache, recorder) Switchboard's own calls use. */
  llm(providerId: string): LlmProvider;
  usage: UsageSink;
  log: vscode.LogOutputChannel;
}

function toPart(p: ChatOutPart): vscode.LanguageModelResponsePart {
  return p.kind === 'text' ? new vscode.LanguageModelTextPart(p.text) : new vscode.LanguageModelToolCallPart(p.callId, p.name, p.input);
}

export class SwitchboardChatProvider implements vscode.LanguageModelChatProvider<SwitchboardChatModel> {
  readonly onDidChangeLanguageModelChatInformation: vscode.Event<void>;

  constructor(private readonly deps: ChatProviderDeps) {
    this.onDidChangeLanguageModelChatInformation = deps.models.onDidChange;
  }

  provideLanguageModelChatInformation(): Promise<SwitchboardChatModel[]> {
    return this.deps.models.models();
  }

  async provideLanguageModelChatResponse(
    model: SwitchboardChatModel,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const executionId = newId();
    const startedAt = Date.now();
    const tools = toToolDefinitions(options.tools ?? []);
    const toolChoice = toToolChoice(options.toolMode, tools.length);
    const request: ChatRequest = {
      model: model.model,
      ...toNeutralMessages(messages),
      ...fromModelOptions(options.modelOptions),
      ...(tools.length ? { tools } : {}),
      ...(toolChoice ? { toolChoice } : {}),
      metadata: { executionId, tags: { source: CHAT_SOURCE } },
    };
    const record = (status: ExecutionStatus) =>
      this.deps.usage.recordExecution({ id: executionId, kind: CHAT_SOURCE, title: `chat · ${model.model}`, startedAt, status, ...(status === 'running' ? {} : { endedAt: Date.now() }) });
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    record('running');
    try {
      for await (const event of this.deps.llm(model.providerId).stream(request, controller.signal)) {
        for (const part of outParts(event)) progress.report(toPart(part));
      }
      record('ok');
    } catch (err) {
      record(token.isCancellationRequested ? 'cancelled' : 'error');
      if (token.isCancellationRequested) return;
      throw this.chatError(err);
    } finally {
      cancel.dispose();
    }
  }

  async provideTokenCount(model: SwitchboardChatModel, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    const count = await tokenCounterFor(model.model);
    return typeof text === 'string' ? count(text) : count(messageText(text)) + MESSAGE_OVERHEAD_TOKENS;
  }

  /** The error the calling extension (or the chat view) sees; the user also gets the one action that helps. */
  private chatError(err: unknown): Error {
    if (err instanceof BudgetExceededError) {
      void showBudgetRefusal(err.refusal);
      return new Error(err.message);
    }
    if (err instanceof LlmError) {
      void showProviderError(err, this.deps.log);
      const wait = err.kind === 'rate-limited' && err.retryAfterMs !== undefined ? ` Retry in ${Math.ceil(err.retryAfterMs / 1000)} s.` : '';
      const key = err.kind === 'auth' ? ' Run "Switchboard: Set API Key" to store or replace it.' : '';
      return new Error(`Switchboard (${err.providerId}): ${err.message}${wait}${key}`);
    }
    this.deps.log.error(`chat request failed: ${err instanceof Error ? err.message : String(err)}`);
    return err instanceof Error ? err : new Error(String(err));
  }
}
