// The two ends of a webview's message channel, host-free and DOM-free so they run (and are
// tested) in plain Node. The host end queues what it sends until the page says it is ready,
// replays sticky notifications when the page reloads, answers requests by id, and refuses
// malformed page messages with a log line. The page end correlates responses with its requests.
import { describe, errorText, isEnvelope, type Envelope, type NotificationType, type RejectLog, type RequestType, type Transport } from './ipc';

interface Subscription {
  dispose(): void;
}

type NotificationEntry = { type: NotificationType<unknown>; handler: (params: unknown) => void };

abstract class ChannelEnd implements Subscription {
  private readonly notifications = new Map<string, NotificationEntry>();
  private readonly subscription: Subscription;
  protected disposed = false;

  constructor(
    protected readonly transport: Transport,
    protected readonly reject: RejectLog,
  ) {
    this.subscription = transport.onMessage((message) => this.receive(message));
  }

  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): Subscription {
    const entry: NotificationEntry = { type: type as NotificationType<unknown>, handler: handler as (params: unknown) => void };
    this.notifications.set(type.method, entry);
    return { dispose: () => this.notifications.get(type.method) === entry && this.notifications.delete(type.method) };
  }

  notify<P>(type: NotificationType<P>, params: P): void {
    this.send({ kind: 'notification', method: type.method, params });
  }

  protected abstract send(message: Envelope): void;
  protected abstract receiveOther(message: Envelope): void;

  protected refuse(why: string, message: unknown): void {
    this.reject(`refused a webview message (${why}): ${describe(message)}`);
  }

  private receive(message: unknown): void {
    if (this.disposed) return;
    if (!isEnvelope(message)) return this.refuse('not a protocol message', message);
    if (message.kind !== 'notification') return this.receiveOther(message);
    const entry = this.notifications.get(message.method);
    if (!entry) return this.refuse('unknown notification', message);
    if (!entry.type.is(message)) return this.refuse('malformed params', message);
    entry.handler(message.params);
  }

  dispose(): void {
    this.disposed = true;
    this.notifications.clear();
    this.subscription.dispose();
  }
}

type RequestEntry = { type: RequestType<unknown, unknown>; handler: (params: unknown) => unknown };

export class HostChannel extends ChannelEnd {
  private ready = false;
  private readonly queue: Envelope[] = [];
  private readonly latest = new Map<string, Envelope>();
  private readonly requests = new Map<string, RequestEntry>();

  get isReady(): boolean {
    return this.ready;
  }

  /** Sends to the page, or holds it until the page is ready; sticky ones are also kept for a reload. */
  override notify<P>(type: NotificationType<P>, params: P): void {
    if (type.sticky) this.latest.set(type.method, { kind: 'notification', method: type.method, params });
    super.notify(type, params);
  }

  onRequest<P, R>(type: RequestType<P, R>, handler: (params: P) => R | Promise<R>): Subscription {
    const entry: RequestEntry = { type: type as RequestType<unknown, unknown>, handler: handler as (params: unknown) => unknown };
    this.requests.set(type.method, entry);
    return { dispose: () => this.requests.get(type.method) === entry && this.requests.delete(type.method) };
  }

  protected send(message: Envelope): void {
    if (this.disposed) return;
    if (this.ready) this.transport.post(message);
    else this.queue.push(message);
  }

  protected receiveOther(message: Envelope): void {
    switch (message.kind) {
      case 'ready':
        return this.onReady();
      case 'request':
        return void this.answer(message);
      default:
        return this.refuse('pages do not send that', message);
    }
  }

  private onReady(): void {
    // A second `ready` is a reloaded page: it lost what it was shown, so it gets the sticky state again.
    const replay = this.ready ? [...this.latest.values()] : [];
    this.ready = true;
    for (const message of [...replay, ...this.queue.splice(0)]) this.transport.post(message);
  }

  private async answer(message: Extract<Envelope, { kind: 'request' }>): Promise<void> {
    const entry = this.requests.get(message.method);
    const fail = (why: string, error: string) => {
      this.refuse(why, message);
      this.transport.post({ kind: 'response', id: message.id, ok: false, error });
    };
    if (!entry) return fail('unknown request', `Unknown request ${message.method.slice(0, 80)}.`);
    if (!entry.type.is(message)) return fail('malformed params', `Malformed ${entry.type.method} request.`);
    let response: Envelope;
    try {
      response = { kind: 'response', id: message.id, ok: true, result: await entry.handler(message.params) };
    } catch (err) {
      response = { kind: 'response', id: message.id, ok: false, error: errorText(err) };
    }
    if (!this.disposed) this.transport.post(response);
  }

  override dispose(): void {
    super.dispose();
    this.queue.length = 0;
    this.latest.clear();
    this.requests.clear();
  }
}

type Pending = { resolve(result: unknown): void; reject(err: Error): void; type: RequestType<unknown, unknown> };

export class PageChannel extends ChannelEnd {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Tells the host the page is listening; call once its notification handlers are in place. */
  ready(): void {
    this.send({ kind: 'ready' });
  }

  request<P, R>(type: RequestType<P, R>, params: P): Promise<R> {
    if (this.disposed) return Promise.reject(new Error('The page channel is closed.'));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject, type: type as RequestType<unknown, unknown> });
      this.send({ kind: 'request', id, method: type.method, params });
    });
  }

  protected send(message: Envelope): void {
    if (!this.disposed) this.transport.post(message);
  }

  protected receiveOther(message: Envelope): void {
    if (message.kind !== 'response') return this.refuse('hosts do not send that', message);
    const pending = this.pending.get(message.id);
    if (!pending) return this.refuse('no request with that id', message);
    this.pending.delete(message.id);
    if (!message.ok) pending.reject(new Error(message.error));
    else if (!pending.type.result(message.result)) pending.reject(new Error(`Malformed ${pending.type.method} response.`));
    else pending.resolve(message.result);
  }

  override dispose(): void {
    super.dispose();
    for (const p of this.pending.values()) p.reject(new Error('The page channel is closed.'));
    this.pending.clear();
  }
}
