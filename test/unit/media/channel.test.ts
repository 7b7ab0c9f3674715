// The webview channel in plain Node: both ends over an in-memory transport that delivers
// asynchronously, as postMessage does. The host end is what every page controller runs on.
import * as assert from 'node:assert/strict';
import { CallTool, Dashboard, HostChannel, isNumber, isString, notification, PageChannel, request, Run, shape, type Envelope, type Transport } from '../../../media/protocol';

/** One direction of a webview: what was posted, delivered to the other side's listeners on a later tick. */
class Wire {
  readonly posted: unknown[] = [];
  private readonly listeners = new Set<(message: unknown) => void>();

  send(message: unknown): void {
    this.posted.push(message);
    // Through JSON, as a webview's messages are: what cannot be serialised does not arrive.
    const copy: unknown = JSON.parse(JSON.stringify(message) ?? 'null');
    setImmediate(() => this.listeners.forEach((l) => l(copy)));
  }

  listen(listener: (message: unknown) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

function pair() {
  const toPage = new Wire();
  const toHost = new Wire();
  const hostLog: string[] = [];
  const pageLog: string[] = [];
  const hostSide: Transport = { post: (m) => toPage.send(m), onMessage: (l) => toHost.listen(l) };
  const pageSide: Transport = { post: (m) => toHost.send(m), onMessage: (l) => toPage.listen(l) };
  const host = new HostChannel(hostSide, (line) => hostLog.push(line));
  const page = new PageChannel(pageSide, (line) => pageLog.push(line));
  /** A raw message from a misbehaving page, straight to the host. */
  const rawFromPage = (message: unknown) => toHost.send(message);
  return { host, page, toPage, toHost, hostLog, pageLog, rawFromPage };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

const Echo = request('test/echo', shape({ text: isString, delayMs: isNumber }), isString);
const Note = notification('test/note', shape({ n: isNumber }));

describe('webview channel', () => {
  it('answers each request by its id, whatever order the answers finish in', async () => {
    const { host, page } = pair();
    host.onRequest(Echo, async ({ text, delayMs }) => {
      await new Promise((r) => setTimeout(r, delayMs));
      return text.toUpperCase();
    });
    page.ready();
    const [slow, fast] = await Promise.all([page.request(Echo, { text: 'slow', delayMs: 30 }), page.request(Echo, { text: 'fast', delayMs: 0 })]);
    assert.deepEqual([slow, fast], ['SLOW', 'FAST']);
  });

  it('returns a failing handler as an error response that rejects the page’s promise', async () => {
    const { host, page } = pair();
    host.onRequest(Echo, () => {
      throw new Error('the ledger is closed');
    });
    await assert.rejects(page.request(Echo, { text: 'x', delayMs: 0 }), /^Error: the ledger is closed$/);
  });

  it('holds host messages until the page is ready, then delivers them in order', async () => {
    const { host, page, toPage } = pair();
    const seen: number[] = [];
    page.onNotification(Note, ({ n }) => seen.push(n));
    host.notify(Note, { n: 1 });
    host.notify(Note, { n: 2 });
    await settle();
    assert.deepEqual(toPage.posted, [], 'nothing is posted before ready');
    assert.equal(host.isReady, false);
    page.ready();
    await settle();
    assert.equal(host.isReady, true);
    host.notify(Note, { n: 3 });
    await settle();
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it('replays the latest sticky notification (only) to a page that reloads', async () => {
    const { host, page, toPage } = pair();
    const tools: string[] = [];
    page.onNotification(CallTool.tool, (t) => tools.push(t.qualifiedName));
    const form = (qualifiedName: string) => ({ qualifiedName, server: 's', name: 'n', description: '', inputSchema: {} });
    host.notify(CallTool.tool, form('s/a'));
    host.notify(Note, { n: 1 });
    page.ready();
    await settle();
    host.notify(CallTool.tool, form('s/b'));
    await settle();
    const before = toPage.posted.length;
    page.ready(); // the page reloaded: it lost what it showed
    await settle();
    assert.deepEqual(tools, ['s/a', 's/b', 's/b']);
    assert.deepEqual(toPage.posted.slice(before).map((m) => (m as { method: string }).method), ['callTool/tool']);
  });

  it('refuses malformed page messages with a log line, never reaching a handler', async () => {
    const { host, toPage, hostLog, rawFromPage } = pair();
    const loads: unknown[] = [];
    const cancels: unknown[] = [];
    host.onRequest(Dashboard.load, (p) => {
      loads.push(p);
      throw new Error("unreachable");
    });
    host.onNotification(Run.cancel, (p) => cancels.push(p));
    rawFromPage({ kind: 'ready' });
    rawFromPage('not an object');
    rawFromPage({ type: 'setRange', range: { kind: '7d' } }); // the old, id-less shape
    rawFromPage({ kind: 'request', id: 7, method: 'dashboard/load', params: { range: { kind: 'custom', from: '<img src=x>', to: '2026-01-01' } } });
    rawFromPage({ kind: 'request', id: 8, method: 'dashboard/nope', params: {} });
    rawFromPage({ kind: 'request', id: 'nine', method: 'dashboard/load', params: { range: { kind: '7d' } } });
    rawFromPage({ kind: 'notification', method: 'run/cancel', params: { evil: true } });
    rawFromPage({ kind: 'response', id: 1, ok: true, result: 1 });
    await settle();
    assert.deepEqual(loads, []);
    assert.deepEqual(cancels, []);
    assert.equal(hostLog.length, 7, hostLog.join('\n'));
    assert.match(hostLog.join('\n'), /malformed params\): request dashboard\/load/);
    assert.match(hostLog.join('\n'), /unknown request\): request dashboard\/nope/);
    assert.ok(!hostLog.join('\n').includes('<img'), 'a refusal names the message, never echoes its payload');
    // Requests with an id still get an answer, so the page is never left waiting.
    const responses = toPage.posted.filter((m): m is Extract<Envelope, { kind: 'response' }> => (m as Envelope).kind === 'response');
    assert.deepEqual(responses.map((r) => [r.id, r.ok]), [[7, false], [8, false]]);
  });

  it('page side: drops responses nobody asked for, and rejects results of the wrong shape', async () => {
    const { host, page, pageLog, toPage } = pair();
    host.onRequest(Echo, () => 42 as unknown as string);
    await assert.rejects(page.request(Echo, { text: 'x', delayMs: 0 }), /Malformed test\/echo response/);
    toPage.send({ kind: 'response', id: 99, ok: true, result: 'stray' });
    await settle();
    assert.match(pageLog.join('\n'), /no request with that id/);
  });

  it('after dispose: queued messages are dropped, nothing more is posted or answered, pending requests reject', async () => {
    const queued = pair();
    queued.host.notify(Note, { n: 1 });
    queued.host.dispose();
    queued.page.ready();
    await settle();
    assert.deepEqual(queued.toPage.posted, [], 'what was queued before dispose is never sent');

    const { host, page, toPage, hostLog } = pair();
    let release: (text: string) => void = () => undefined;
    let calls = 0;
    host.onRequest(Echo, () => {
      calls++;
      return new Promise<string>((r) => (release = r));
    });
    page.ready();
    const inFlight = page.request(Echo, { text: 'x', delayMs: 0 });
    await settle();
    host.dispose();
    release('too late');
    host.notify(Note, { n: 2 });
    const afterDispose = page.request(Echo, { text: 'y', delayMs: 0 });
    await settle();
    assert.deepEqual(toPage.posted, [], 'no answer, no notification after dispose');
    assert.equal(calls, 1, 'a request arriving after dispose reaches no handler');
    assert.deepEqual(hostLog, []);
    page.dispose();
    await assert.rejects(inFlight, /channel is closed/);
    await assert.rejects(afterDispose, /channel is closed/);
    await assert.rejects(page.request(Echo, { text: 'z', delayMs: 0 }), /channel is closed/);
  });
});
