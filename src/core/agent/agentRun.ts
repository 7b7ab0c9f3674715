// An agent run: the model and the MCP tools in a loop under one execution id, until the
// model stops asking for tools, the step or cost cap is reached, or the user cancels.
import { errorMessage } from '../errorMessage';
import { newId } from '../ids';
import type { AssistantMessage, ChatResponse, Message, ToolDefinition } from '../llm/types';
import { callCost } from '../usage/pricedModel';
import type { ExecutionStatus } from '../usage/records';
import { safeRecord } from '../usage/safeRecord';
import type { AgentEvent, AgentOptions, AgentResult, AgentStopReason } from './types';

const STATUS: Record<AgentStopReason, ExecutionStatus> = {
  done: 'ok',
  'max-steps': 'ok',
  'max-cost': 'ok',
  cancelled: 'cancelled',
  error: 'error',
};

/** A run's title (the ledger's execution label) is at most this long: the prompt's start. */
export const RUN_TITLE_CHARS = 80;

export async function runAgent(opts: AgentOptions): Promise<AgentResult> {
  const executionId = newId();
  const title = opts.title ?? opts.prompt.slice(0, RUN_TITLE_CHARS);
  const startedAt = Date.now();
  const emit = (event: AgentEvent) => opts.onEvent?.(event);
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) controller.abort(opts.signal.reason);

  safeRecord(opts.usage, 'recordExecution', { id: executionId, kind: 'agent', title, startedAt, status: 'running' });
  emit({ type: 'run-start', executionId, title });

  const messages: Message[] = [{ role: 'user', content: opts.prompt }];
  const offer = opts.toolbox?.offer(opts.prompt);
  const tools = offer?.definitions ?? [];
  if (offer) {
    emit({ type: 'tools-offered', offered: tools.length, tokens: offer.tokens, leftOut: offer.leftOut?.names ?? [], savedTokens: offer.leftOut?.tokens ?? 0 });
  }
  const result: AgentResult = { executionId, reason: 'done', text: '', steps: 0, runCostUsd: 0, unpriced: false };

  try {
    for (;;) {
      if (result.steps >= opts.maxSteps) {
        result.reason = 'max-steps';
        break;
      }
      controller.signal.throwIfAborted();
      result.steps++;
      emit({ type: 'step-start', step: result.steps });
      const response = await streamStep(opts, { messages, tools, executionId }, controller.signal, emit);
      result.lastResponse = response;
      result.text = response.text;
      // A cached answer costs nothing; what it would have cost is what the cache saved.
      const price = callCost(opts.pricing, opts.provider.config.kind, { model: opts.request.model, responseModel: response.responseModel }, response.usage);
      const cost = response.cached ? 0 : price;
      if (cost === null) result.unpriced = true;
      result.runCostUsd += cost ?? 0;
      const cached = response.cached === true;
      emit({ type: 'step-end', step: result.steps, usage: response.usage, costUsd: cost, cached, ...(cached ? { savedUsd: price } : {}), runCostUsd: result.runCostUsd });

      const assistant: AssistantMessage = { role: 'assistant', content: response.text };
      if (response.toolCalls.length > 0) assistant.toolCalls = response.toolCalls;
      // A model that thought before its tool calls gets its thinking back with them, as Anthropic requires.
      if (response.reasoning) assistant.reasoning = response.reasoning;
      messages.push(assistant);
      if (response.toolCalls.length === 0 || !opts.toolbox) break;

      for (const call of response.toolCalls) {
        controller.signal.throwIfAborted();
        emit({ type: 'tool-call-start', callId: call.id, name: call.name, arguments: call.arguments });
        const started = Date.now();
        const toolResult = await opts.toolbox.call(call.name, call.arguments, {
          executionId,
          signal: controller.signal,
          onProgress: ({ progress, total, message }) => emit({ type: 'tool-call-progress', callId: call.id, progress, ...(total !== undefined ? { total } : {}), ...(message !== undefined ? { message } : {}) }),
        });
        emit({ type: 'tool-call-end', callId: call.id, name: call.name, result: toolResult, durationMs: Date.now() - started });
        messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: toolResult.content, isError: toolResult.isError });
      }
      if (opts.maxCostUsd && result.runCostUsd >= opts.maxCostUsd) {
        result.reason = 'max-cost';
        break;
      }
    }
  } catch (err) {
    const error = err instanceof Error ? err : new Error(errorMessage(err));
    result.reason = controller.signal.aborted ? 'cancelled' : 'error';
    if (result.reason === 'error') result.error = error;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }

  safeRecord(opts.usage, 'recordExecution', { id: executionId, kind: 'agent', title, startedAt, endedAt: Date.now(), status: STATUS[result.reason] });
  emit({ type: 'run-end', reason: result.reason, error: result.error?.message, runCostUsd: result.runCostUsd, steps: result.steps });
  return result;
}

async function streamStep(
  opts: AgentOptions,
  step: { messages: Message[]; tools: ToolDefinition[]; executionId: string },
  signal: AbortSignal,
  emit: (event: AgentEvent) => void,
): Promise<ChatResponse> {
  const request = {
    ...opts.request,
    // A copy: the loop keeps appending to its own history.
    messages: [...step.messages],
    ...(step.tools.length > 0 ? { tools: step.tools } : {}),
    metadata: { executionId: step.executionId },
  };
  let done: ChatResponse | undefined;
  for await (const event of opts.provider.stream(request, signal)) {
    if (event.type === 'text-delta') emit({ type: 'text-delta', text: event.text });
    else if (event.type === 'done') done = event.response;
  }
  if (!done) throw new Error('the model stream ended without a response');
  return done;
}
