// A minimal typed event source for core code (which cannot use vscode.EventEmitter).
// Subscribing returns the unsubscribe function, so owners can dispose what they add.
export type Listener<T> = (event: T) => void;

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One faulty listener must not break the others or the firing engine.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
