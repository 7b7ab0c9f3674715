// The provider SDKs' transport: a `fetch` over node:http/https keep-alive agents. Node's own
// fetch (undici) costs about as much CPU per streamed request as everything else in a gateway
// call put together (request clone, teed body, web-stream plumbing per chunk); this one hands the
// SDK a real `Response` whose body is the socket's data, chunk by chunk as it arrives.
// Kept as undici does it: keep-alive pooling, `accept-encoding` with gzip/deflate/br decoded,
// abort (the socket is destroyed, the SDK sees the signal's AbortError), a lost connection as
// `TypeError: terminated`, a failed connect as `TypeError: fetch failed`, redirects followed
// (credentials dropped across origins). Proxies: inside VS Code the host routes node:http/https through its proxy settings and system certificates (as it does
// for fetch); in plain Node neither honours HTTP(S)_PROXY unless NODE_USE_ENV_PROXY is set, and
// then the global fetch is used. Bodies other than text or bytes (uploads) use the global fetch too.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface NodeFetch {
  fetch: FetchFunction;
  /** Closes the pooled sockets; requests in flight finish. */
  close(): void;
}

/** An idle pooled socket is closed after this (undici's default is 4 s); servers often keep 5 s. */
const IDLE_SOCKET_MS = 4_000;
const ACCEPT_ENCODING = 'gzip, deflate, br';
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);
// Lenient like undici: a stream cut at a block boundary still yields what arrived.
const LENIENT = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };

function decoderFor(encoding: string | undefined): NodeJS.ReadWriteStream | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip(LENIENT);
    case 'deflate':
      return createInflate(LENIENT);
    case 'br':
      return createBrotliDecompress({ flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}

function headersOf(init: RequestInit | undefined): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const given = init?.headers;
  if (given instanceof Headers) given.forEach((v, k) => (out[k] = v));
  else if (Array.isArray(given)) for (const [k, v] of given) out[k!.toLowerCase()] = v;
  else if (given) for (const [k, v] of Object.entries(given)) out[k.toLowerCase()] = v as string;
  out['accept-encoding'] ??= ACCEPT_ENCODING;
  return out;
}

/** The body as bytes, or undefined for shapes this transport leaves to the global fetch. */
function bodyBytes(body: RequestInit['body']): Buffer | null | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return undefined;
}

const lost = (cause: unknown): TypeError => new TypeError('terminated', { cause });

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];
// Credentials never follow a redirect to another origin (x-api-key too, which fetch would send on).
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key'];

/** The request a redirect asks for, as fetch follows one: 303 (and 301/302 after POST) become a GET without body. */
function redirectInit(from: URL, to: URL, status: number, init: RequestInit | undefined): RequestInit {
  const method = (init?.method ?? 'GET').toUpperCase();
  const toGet = status === 303 ? method !== 'GET' && method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
  const headers = headersOf(init);
  if (toGet) for (const h of BODY_HEADERS) delete headers[h];
  if (from.origin !== to.origin) for (const h of CREDENTIAL_HEADERS) delete headers[h];
  return { ...init, method: toGet ? 'GET' : method, headers: headers as Record<string, string>, body: toGet ? null : (init?.body ?? null) };
}

/** The response's bytes as a web stream, paced by its reader; cancelling it closes the socket. */
function webBody(source: Readable, destroy: (err?: Error) => void, done: () => void): ReadableStream<Uint8Array> {
  let settled = false;
  const settle = () => {
    settled = true;
    done();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on('data', (chunk: Buffer) => {
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      });
      source.once('end', () => {
        if (settled) return;
        settle();
        controller.close();
      });
      source.on('error', (err) => {
        if (settled) return;
        settle();
        controller.error(err.name === 'AbortError' ? err : lost(err));
      });
    },
    pull() {
      source.resume();
    },
    cancel() {
      settle();
      destroy();
    },
  });
}

export function createNodeFetch(): NodeFetch {
  const http = new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  const https = new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });

  const fetch: FetchFunction = (input, init) => send(input, init, 0);

  function send(input: string | URL | Request, init: RequestInit | undefined, redirects: number): Promise<Response> {
    const body = bodyBytes(init?.body);
    if (input instanceof Request || body === undefined || process.env['NODE_USE_ENV_PROXY']) return globalThis.fetch(input, init);
    const url = typeof input === 'string' ? new URL(input) : input;
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') return globalThis.fetch(input, init);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const headers = headersOf(init);
    if (body) headers['content-length'] = body.length;
    const method = init?.method ?? 'GET';

    return new Promise<Response>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(url, { method, headers, agent: secure ? https : http });
      let res: IncomingMessage | undefined;
      let source: Readable | undefined;
      const onAbort = () => {
        const reason = signal!.reason as Error;
        req.destroy(reason);
        // The body's reader gets the AbortError, as with undici.
        source?.destroy(reason);
        reject(reason);
      };
      const done = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => {
        if (res) return; // the body stream reports it
        done();
        reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err }));
      });
      req.once('response', (incoming) => {
        res = incoming;
        const status = incoming.statusCode ?? 0;
        const location = incoming.headers.location;
        if (REDIRECTS.has(status) && location !== undefined && init?.redirect !== 'manual') {
          incoming.resume();
          done();
          if (init?.redirect === 'error' || redirects >= MAX_REDIRECTS) return reject(new TypeError('fetch failed', { cause: new Error(`redirect to ${location} refused or too many redirects`) }));
          const to = new URL(location, url);
          return resolve(send(to, redirectInit(url, to, status, init), redirects + 1));
        }
        const responseHeaders = new Headers();
        const raw = incoming.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) responseHeaders.append(raw[i]!, raw[i + 1]!);
        if (method === 'HEAD' || NULL_BODY_STATUS.has(status)) {
          incoming.resume();
          done();
          return resolve(new Response(null, { status, statusText: incoming.statusMessage ?? '', headers: responseHeaders }));
        }
        const decoder = decoderFor(incoming.headers['content-encoding']);
        // pipeline destroys every stage on an error, so the decoder reports a lost connection too.
        source = decoder ? (pipeline(incoming, decoder, () => undefined) as unknown as Readable) : incoming;
        const response = new Response(webBody(source, (err) => incoming.destroy(err), done), {
          status,
          statusText: incoming.statusMessage ?? '',
          headers: responseHeaders,
        });
        Object.defineProperty(response, 'url', { value: url.href });
        resolve(response);
      });
      req.end(body ?? undefined);
    });
  }

  return {
    fetch,
    close() {
      http.destroy();
      https.destroy();
    },
  };
}
