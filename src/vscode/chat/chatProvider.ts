// Switchboard's models in VS Code's chat and `vscode.lm`: a LanguageModelChatProvider (vendor
// `switchboard`) whose requests go through the same provider stack as Switchboard's own calls
// (budget → response cache → call recorder → provider), each request an execution of kind
// `vscode-chat` whose calls carry source `vscode-chat` and this window's workspace. VS Code's
// stable API does not say which extension asked, so `client` stays unset.
import * as vscode from 'vscode';
import { chatFailure } from '../../core/chat/chatErrors';
import { messageText, toNeutralMessages } from '../../core/chat/chatMessages';
import { fromModelOptions, toToolChoice, toToolDefinitions } from '../../core/chat/chatOptions';
import { outParts, type ChatOutPart } from '../../core/chat/responseParts';
import { MESSAGE_OVERHEAD_TOKENS, tokenCounterFor } from '../../core/chat/tokenCount';
import { newId } from '../../core/ids';
import type { LlmProvider } from '../../core/llm/provider';
import type { CallContext, ChatRequest } from '../../core/llm/types';
import { BudgetExceededError } from '../../core/usage/budget';
import type { ExecutionStatus, UsageSink } from '../../core/usage/records';
import { Commands } from '../commandIds';
import type { UiPrompts } from '../uiPrompts';
import { showBudgetRefusal } from '../usage/budgetGuard';
import type { ChatModelList, SwitchboardChatModel } from './chatModels';

export const CHAT_VENDOR = 'switchboard';
/** The execution kind and call source of requests that came through VS Code's chat API. */
export const CHAT_SOURCE = 'vscode-chat';

export interface ChatProviderDeps {
  models: ChatModelList;
  /** The provider stack Switchboard's own calls use, with the request's context stamped. */
  llm(providerId: string, context: CallContext): LlmProvider;
  usage: UsageSink;
  prompts: UiPrompts;
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
      metadata: { executionId },
    };
    const record = (status: ExecutionStatus) =>
      this.deps.usage.recordExecution({ id: executionId, kind: CHAT_SOURCE, title: `chat · ${model.model}`, startedAt, status, ...(status === 'running' ? {} : { endedAt: Date.now() }) });
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    record('running');
    try {
      for await (const event of this.deps.llm(model.providerId, { source: CHAT_SOURCE }).stream(request, controller.signal)) {
        for (const part of outParts(event)) progress.report(toPart(part));
      }
      record('ok');
    } catch (err) {
      record(token.isCancellationRequested ? 'cancelled' : 'error');
      if (token.isCancellationRequested) return;
      throw this.chatError(err, model.model);
    } finally {
      cancel.dispose();
    }
  }

  async provideTokenCount(model: SwitchboardChatModel, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    const count = await tokenCounterFor(model.model);
    return typeof text === 'string' ? count(text) : count(messageText(text)) + MESSAGE_OVERHEAD_TOKENS;
  }

  /** The error the caller (the chat view or another extension) sees; the user also gets the one action that helps. */
  private chatError(err: unknown, model: string): Error {
    const failure = chatFailure(err, model);
    this.deps.log.warn(`chat request failed: ${failure.message}`);
    if (err instanceof BudgetExceededError) void showBudgetRefusal(this.deps.prompts, err.refusal);
    else if (failure.action === 'set-api-key') {
      const action = 'Set API Key';
      void this.deps.prompts.error(failure.message, action).then((pick) => pick === action && vscode.commands.executeCommand(Commands.setApiKey, failure.providerId));
    }
    return new Error(failure.message);
  }
}
