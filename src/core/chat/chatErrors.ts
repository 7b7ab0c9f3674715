// What a failed chat request tells its caller (the chat view or another extension) and the user:
// one sentence saying what went wrong and what to do, and the one action that helps (store a key,
// raise the budget). Provider text is quoted as received, after Switchboard's own words.
import { errorMessage } from '../errorMessage';
import { LlmError } from '../llm/errors';
import { BudgetExceededError } from '../usage/budget';

export type ChatErrorAction = 'set-api-key' | 'raise-budget';

export interface ChatFailure {
  message: string;
  action?: ChatErrorAction;
  /** The provider the action applies to (Set API Key). */
  providerId?: string;
}

/** Providers word it differently: OpenAI `context_length_exceeded`, Anthropic "prompt is too long". */
const CONTEXT_TOO_LONG = /context[_ ]length|context window|maximum context|prompt is too long|too many (?:input )?tokens/i;

export function isContextTooLong(err: LlmError): boolean {
  return err.kind === 'bad-request' && CONTEXT_TOO_LONG.test(err.message);
}

export function chatFailure(err: unknown, model: string): ChatFailure {
  if (err instanceof BudgetExceededError) return { message: err.message, action: 'raise-budget' };
  if (!(err instanceof LlmError)) return { message: `Switchboard: ${model} failed: ${errorMessage(err)}` };
  const providerId = err.providerId;
  if (err.missingKey) return { message: `Switchboard: no API key is stored for ${providerId}. Set one to use ${model}.`, action: 'set-api-key', providerId };
  if (err.kind === 'auth') return { message: `Switchboard: ${providerId} rejected the API key (${err.message}). Set a valid key to use ${model}.`, action: 'set-api-key', providerId };
  if (err.kind === 'rate-limited') {
    const wait = err.retryAfterMs === undefined ? 'Wait a moment' : `Retry in ${Math.max(1, Math.ceil(err.retryAfterMs / 1000))} s`;
    return { message: `Switchboard: ${providerId} is rate limiting requests to ${model}. ${wait}. (${err.message})` };
  }
  if (err.kind === 'server' || err.kind === 'overloaded') return { message: `Switchboard: ${providerId} failed to answer (${err.message}). Try again shortly.` };
  if (isContextTooLong(err)) return { message: `Switchboard: the conversation is too long for ${model} (${err.message}). Start a new chat or pick a model with a larger context window.` };
  return { message: `Switchboard: ${model} failed: ${err.message}` };
}
