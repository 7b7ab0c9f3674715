// The core's one lifecycle kit: events and disposal without `vscode` (whose Disposable and
// Event are structurally the same shapes, so host code can mix the two freely).

export interface Disposable {
  dispose(): void;
}

/** Subscribing returns the subscription; disposing it unsubscribes. */
export type Event<T> = (listener: (event: T) => void) => Disposable;

export function toDisposable(dispose: () => void): Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

/** A typed event source for core code. One faulty listener never breaks the others or the firer. */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(event: T) => void>();

  readonly event: Event<T> = (listener) => {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry = (e: T) => listener(e);
    this.listeners.add(entry);
    return toDisposable(() => this.listeners.delete(entry));
  };

  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // Listeners are other components' code: their failure is theirs to log.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/**
 * Owns disposables for one scope (the extension, a panel, a session): disposing the store
 * disposes them all, newest first; anything added afterwards is disposed at once.
 */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  add<D extends Disposable>(item: D): D {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposables failed`);
  }
}
