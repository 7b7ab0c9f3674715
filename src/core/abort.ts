// Waiting on shared work with a caller's own AbortSignal: the caller stops waiting when its
// signal aborts, while the work itself goes on for everyone else waiting on it.

/** `promise`, or `abortError(signal)` as soon as `signal` aborts (listeners removed either way). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, abortError: (signal: AbortSignal) => Error): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
