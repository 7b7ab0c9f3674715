import * as assert from 'node:assert/strict';
import { ProtocolError, ProtocolErrorCode, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { PendingCall } from '../../../../src/core/mcp/pendingCall';

describe('PendingCall', () => {
  it('recognises the SDK request timer\'s own timeout by its code and data, and not a server error with that code', () => {
    const call = new PendingCall(30_000, undefined);
    const { timeout, signal } = call.sdkOptions();
    assert.equal(signal, undefined, 'a call without a caller signal gets no AbortController');
    assert.ok(timeout > 29_000 && timeout <= 30_000);
    assert.equal(call.endedBecause(new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out', { timeout })), 'timeout');
    // Whatever the SDK's wording: the code and the timeout we gave it are what identify it.
    assert.equal(call.endedBecause(new SdkError(SdkErrorCode.RequestTimeout, 'Zeitüberschreitung', { timeout })), 'timeout');
    assert.equal(call.endedBecause(new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out', { timeout: 5 })), undefined);
    assert.equal(call.endedBecause(new SdkError(SdkErrorCode.RequestTimeout, 'upstream timed out')), undefined);
    assert.equal(call.endedBecause(new ProtocolError(ProtocolErrorCode.InternalError, 'Request timed out', { timeout })), undefined);
    assert.equal(call.endedBecause(new Error('boom')), undefined);
    call.dispose();
  });

  it('rejects a running request at once when aborted, and the first reason wins', async () => {
    const call = new PendingCall(30_000, undefined);
    const running = call.run(new Promise<never>(() => undefined));
    call.abort('closed');
    call.abort('timeout');
    await assert.rejects(running, /the call was closed/);
    assert.equal(call.endedBecause(new Error('later')), 'closed');
    call.dispose();
  });

  it('follows the caller\'s signal through its own controller, and lets go of the caller\'s signal', () => {
    const caller = new AbortController();
    const call = new PendingCall(30_000, caller.signal);
    const { signal } = call.sdkOptions();
    assert.ok(signal && signal !== caller.signal, 'the SDK never gets the caller\'s long-lived signal');
    caller.abort();
    assert.equal(signal.reason, 'cancelled');
    assert.equal(call.endedBecause(undefined), 'cancelled');
    call.dispose();
  });

  it('times out a wait for the connection with its own timer', async () => {
    const call = new PendingCall(20, undefined);
    const signal = call.waitSignal();
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    assert.equal(signal.reason, 'timeout');
    assert.equal(call.endedBecause(undefined), 'timeout');
    call.dispose();
  });
});
