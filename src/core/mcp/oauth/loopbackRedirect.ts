// The browser's way back: a one-shot HTTP listener on 127.0.0.1 (RFC 8252 §7.3, loopback
// redirect). It answers exactly one request on its path whose `state` matches, then closes; a
// wrong state, another path or a second request gets a plain 400/404 and does not end the wait.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RedirectResult {
  code?: string;
  /** RFC 9207: the issuer that sent this response, when the authorization server says. */
  iss?: string;
  error?: string;
  errorDescription?: string;
}

export interface LoopbackRedirect {
  /** `http://127.0.0.1:PORT/callback`, to register and send as `redirect_uri`. */
  readonly url: string;
  /** The `state` this listener accepts: random, one per sign-in. */
  readonly state: string;
  /** Resolves with the first response carrying the right state; rejects on timeout or close. */
  readonly result: Promise<RedirectResult>;
  close(): void;
}

export class RedirectTimeoutError extends Error {
  constructor(ms: number) {
    super(`the browser did not come back within ${Math.round(ms / 1000)} s`);
    this.name = 'RedirectTimeoutError';
  }
}

const PATH = '/callback';

/** Page shown in the browser after the redirect: static text only, nothing from the request. */
function page(title: string, text: string): string {
  return `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;
}

export async function listenForRedirect(timeoutMs: number): Promise<LoopbackRedirect> {
  const state = randomBytes(24).toString('base64url');
  let settle!: { resolve(r: RedirectResult): void; reject(e: Error): void };
  const result = new Promise<RedirectResult>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => undefined);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (req.method !== 'GET' || url.pathname !== PATH) {
      res.writeHead(404, headers).end(page('Not found', 'This address only receives Switchboard’s sign-in.'));
      return;
    }
    if (url.searchParams.get('state') !== state) {
      res.writeHead(400, headers).end(page('Sign-in not recognised', 'This response does not belong to the sign-in Switchboard started.'));
      return;
    }
    const q = url.searchParams;
    const r: RedirectResult = {
      code: q.get('code') ?? undefined,
      iss: q.get('iss') ?? undefined,
      error: q.get('error') ?? undefined,
      errorDescription: q.get('error_description') ?? undefined,
    };
    const ok = r.code !== undefined && r.error === undefined;
    res.writeHead(200, headers).end(ok ? page('Signed in', 'You can close this tab and return to VS Code.') : page('Sign-in not completed', 'Return to VS Code to see why.'));
    settle.resolve(r);
    close();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(() => {
    settle.reject(new RedirectTimeoutError(timeoutMs));
    close();
  }, timeoutMs);
  function close(): void {
    clearTimeout(timer);
    settle.reject(new Error('the sign-in was cancelled'));
    server.close();
    server.closeAllConnections();
  }
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${PATH}`, state, result, close };
}
