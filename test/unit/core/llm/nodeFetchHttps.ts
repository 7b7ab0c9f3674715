// Child process for nodeFetch.test.ts: an HTTPS Chat Completions server with the fixture
// certificate, and the openai provider streaming from it over the node:http transport. Prints
// {text} or {error}. A child because Node reads NODE_EXTRA_CA_CERTS only at startup.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { errorMessage } from '../../../../src/core/errorMessage';
import { LlmError } from '../../../../src/core/llm/errors';
import { createOpenAiProvider } from '../../../../src/core/llm/openaiProvider';

async function main(tls: string): Promise<void> {
  const server = createServer({ key: readFileSync(join(tls, 'localhost-key.pem')), cert: readFileSync(join(tls, 'localhost-cert.pem')) }, (req, res) => {
    req.resume();
    const chunk = (delta: object, finish: string | null) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(chunk({ role: 'assistant', content: 'over' }, null) + chunk({ content: ' tls' }, 'stop') + 'data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const provider = createOpenAiProvider({ id: 'tls', kind: 'openai', baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, maxRetries: 0 }, { keys: { getApiKey: async () => 'k' } });
  let out: { text?: string; error?: string };
  try {
    let text = '';
    for await (const e of provider.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })) if (e.type === 'text-delta') text += e.text;
    out = { text };
  } catch (err) {
    // The kind, then every message down the cause chain (the TLS failure is at the bottom).
    const chain: string[] = [err instanceof LlmError ? err.kind : 'not an LlmError'];
    for (let e: unknown = err; e !== undefined && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(errorMessage(e));
    out = { error: chain.join(' / ') };
  }
  provider.dispose?.();
  server.close();
  process.stdout.write(JSON.stringify(out));
}

void main(process.argv[2]!);
