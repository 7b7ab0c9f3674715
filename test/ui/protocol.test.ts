// Tier 3: the negotiated protocol as a user sees it. Two stdio servers, one on each era (our
// fixture on the v1 SDK speaks 2025-11-25; the v2 fixture answers server/discover with 2026-07-28),
// are started from the MCP Tools tree; hovering each server row shows its "Protocol …" line.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { openWorkbench, type Workbench } from './harness';

const fixture = (file: string) => join(__dirname, '..', 'fixtures', 'mcp', file);

describe('protocol era in the MCP Tools tooltip', function () {
  let wb: Workbench;
  const sidebar = () => wb.page.locator('.part.sidebar');

  before(async function () {
    wb = await openWorkbench({
      settings: {
        'switchboard.mcp.servers': {
          oldtimer: { type: 'stdio', command: process.execPath, args: [fixture('toolServer.js')] },
          stateless: { type: 'stdio', command: process.execPath, args: [fixture('modernServer.js'), 'stdio'] },
        },
      },
    });
    await wb.page.locator('.activitybar [aria-label^="Switchboard"]').first().click();
  });

  after(async function () {
    await wb?.close();
  });

  for (const [server, line] of [
    ['oldtimer', 'Protocol 2025-11-25 (2025 session era)'],
    ['stateless', 'Protocol 2026-07-28 (stateless era)'],
  ] as const) {
    it(`shows "${line}" when hovering the ${server} server`, async function () {
      const row = sidebar().locator('.monaco-list-row', { hasText: server }).first();
      await row.waitFor();
      await row.click(); // expanding connects the server and lists its tools
      await row.locator('.label-description', { hasText: /running · \d+ tools/ }).waitFor(); // connected, tools listed
      const tip = wb.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Protocol' }).first();
      // A hover that began while the row was re-rendered shows nothing or the old text: hover afresh.
      for (let attempt = 0; attempt < 5 && !(await tip.isVisible()); attempt++) {
        await wb.page.mouse.move(0, 0);
        await row.locator('.monaco-icon-label-container').hover();
        await tip.waitFor({ timeout: 5_000 }).catch(() => undefined);
      }
      await tip.waitFor({ timeout: 1_000 });
      const text = (await tip.innerText()).replace(/\s+/g, ' ');
      assert.ok(text.includes(line), text);
      await wb.screenshot(`protocol-tooltip-${server}`);
    });
  }
});
