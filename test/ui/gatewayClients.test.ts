// Tier 3: two tools through the gateway, as a user sets them up. Two client keys are created with
// the command (each read from the dialog that shows it once), the official `openai` and
// `@anthropic-ai/sdk` clients call the gateway with one key each, a loopback LLM server answers as
// the provider; the status tooltip names both clients and the dashboard's By client table lists them.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { json, LlmServer } from '../fixtures/llmServer';
import { openaiChat, openaiUsage } from '../fixtures/openaiWire';
import { openWorkbench, projectRoot, surfaceSettings, webviewFrame, type Workbench } from './harness';

const MODEL = 'fixture-model';

describe('gateway UI: two clients, the status tooltip and the dashboard by client', function () {
  let wb: Workbench;
  let llm: LlmServer;

  before(async function () {
    llm = await LlmServer.start();
    wb = await openWorkbench({
      workspace: join(projectRoot, 'test', 'fixtures', 'workspace'),
      settings: { ...surfaceSettings(llm.url, MODEL), 'switchboard.gateway.enabled': true },
    });
  });

  after(async function () {
    await wb?.close();
    await llm?.close();
  });

  /** Runs Create Gateway Client Key… and reads the key from the dialog that shows it once. */
  async function createKey(name: string): Promise<string> {
    await wb.runCommand('Switchboard: Create Gateway Client Key…');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(name);
    await wb.page.keyboard.press('Enter');
    const dialog = wb.page.locator('.monaco-dialog-box', { hasText: `Gateway key for "${name}"` });
    await dialog.waitFor();
    const key = /sb-\S+/.exec(await dialog.innerText())?.[0];
    assert.ok(key, 'the dialog shows the key');
    await wb.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    return key;
  }

  async function gatewayTooltip(): Promise<string> {
    const item = wb.statusItem('switchboard.gateway');
    await item.hover();
    const hover = wb.page.locator('.monaco-hover', { hasText: 'Switchboard Gateway' });
    await hover.waitFor();
    return hover.innerText();
  }

  it('shows both clients in the status tooltip and in the dashboard’s By client table', async function () {
    await wb.page.locator('.activitybar [aria-label^="Switchboard"]').first().click(); // activates the extension
    await wb.statusItem('switchboard.gateway').waitFor({ timeout: 60_000 });
    const url = /URL: (http:\/\/127\.0\.0\.1:\d+)/.exec(await gatewayTooltip())?.[1];
    assert.ok(url, 'the tooltip shows the URL');
    await wb.page.mouse.move(0, 0);

    const codexKey = await createKey('codex');
    const claudeKey = await createKey('claude-code');
    // Different prompts: the second call must reach the provider, not the response cache.
    llm.enqueue(json(openaiChat({ text: 'from openai', usage: openaiUsage(40_000, 2_000), model: MODEL })));
    llm.enqueue(json(openaiChat({ text: 'from anthropic', usage: openaiUsage(20_000, 1_000), model: MODEL })));
    const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: codexKey, maxRetries: 0 });
    const chat = await openai.chat.completions.create({ model: `fixture/${MODEL}`, messages: [{ role: 'user', content: 'hello from codex' }] });
    assert.equal(chat.choices[0]?.message.content, 'from openai');
    const anthropic = new Anthropic({ baseURL: url, apiKey: claudeKey, maxRetries: 0 });
    const message = await anthropic.messages.create({ model: `fixture/${MODEL}`, max_tokens: 100, messages: [{ role: 'user', content: 'hello from claude' }] });
    assert.deepEqual(message.content[0]?.type === 'text' && message.content[0].text, 'from anthropic');
    assert.equal(llm.requestCount, 2);

    const tip = await gatewayTooltip();
    const seen = /Clients\sseen\stoday:\s(.+)/.exec(tip)?.[1] ?? '';
    assert.deepEqual(seen.split(',').map((c) => c.trim()).sort(), ['claude-code', 'codex']);
    assert.match(await wb.statusItem('switchboard.gateway').innerText(), /2 clients/);
    await wb.screenshot('gateway-two-clients-status');
    await wb.page.mouse.move(0, 0);

    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('Switchboard: Show Usage Dashboard');
    const dash = await webviewFrame(wb, '#by-client tr[data-client="claude-code"]');
    const row = async (client: string) => (await dash.locator(`#by-client tr[data-client="${client}"] td`).allInnerTexts()).slice(0, 5);
    // $2.50 / $10 per million tokens: 40k in + 2k out = $0.12; 20k in + 1k out = $0.06.
    assert.deepEqual(await row('codex'), ['codex', 'gateway', '1', '42,000', '$0.12']);
    assert.deepEqual(await row('claude-code'), ['claude-code', 'gateway', '1', '21,000', '$0.06']);
    await dash.locator('#by-client').scrollIntoViewIfNeeded();
    await wb.screenshot('dashboard-by-client');

    // The filter: one client's row.
    await dash.locator('#client-filter').selectOption({ label: 'codex (gateway)' });
    await dash.locator('#by-client tr[data-client="claude-code"]').waitFor({ state: 'detached' });
    assert.equal(await dash.locator('#by-client tbody tr').count(), 1);
  });
});
