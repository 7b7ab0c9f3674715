// Opens Switchboard in a real workbench through scripts/vscode/launch.mjs (the launcher
// `npm start` uses) and headless Chromium, and names screenshots under test-results/.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';

export const projectRoot = resolve(__dirname, '..', '..', '..');
export const screenshotDir = join(projectRoot, 'test-results', 'screenshots');

interface Launched {
  url: string;
  base: string;
  stop(): Promise<void>;
}
interface LaunchModule {
  launchWorkbench(opts: {
    folder: string;
    dataDir: string;
    settings?: Record<string, unknown>;
    trust?: boolean;
    env?: Record<string, string>;
    vsix?: string;
  }): Promise<Launched>;
}
interface BrowserModule {
  launchBrowser(opts?: { colorScheme?: 'dark' | 'light' }): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }>;
}

function importScript<T>(rel: string): Promise<T> {
  return import(pathToFileURL(join(projectRoot, 'scripts', 'vscode', rel)).href) as Promise<T>;
}

export interface Workbench {
  page: Page;
  url: string;
  workspace: string;
  /** Saves `test-results/screenshots/<name>.png` and returns its path. */
  screenshot(name: string): Promise<string>;
  /** The status-bar item Switchboard contributes under `itemId`. */
  statusItem(itemId: string): ReturnType<Page['locator']>;
  webview(): FrameLocator;
  runCommand(title: string): Promise<void>;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** A folder copied to a temporary workspace; defaults to examples/workspace. */
  workspace?: string;
  settings?: Record<string, unknown>;
  colorScheme?: 'dark' | 'light';
  /** Install this .vsix instead of loading the working tree. */
  vsix?: string;
  trust?: boolean;
  /** Runs before the workbench page loads (e.g. to add init scripts that watch it from the start). */
  beforeLoad?(page: Page): Promise<void>;
}

export async function openWorkbench(opts: WorkbenchOptions = {}): Promise<Workbench> {
  const scratch = mkdtempSync(join(tmpdir(), 'switchboard-ui-'));
  const workspace = join(scratch, 'workspace');
  cpSync(opts.workspace ?? join(projectRoot, 'examples', 'workspace'), workspace, { recursive: true });
  const { launchWorkbench } = await importScript<LaunchModule>('launch.mjs');
  const { launchBrowser } = await importScript<BrowserModule>('browser.mjs');
  const colorTheme = opts.colorScheme === 'light' ? 'Default Light Modern' : 'Default Dark Modern';
  const server = await launchWorkbench({
    folder: workspace,
    dataDir: join(scratch, 'server'),
    settings: { 'workbench.colorTheme': colorTheme, ...opts.settings },
    vsix: opts.vsix,
    trust: opts.trust,
  });
  const browser = await launchBrowser({ colorScheme: opts.colorScheme ?? 'dark' });
  const { page } = browser;
  await opts.beforeLoad?.(page);
  await page.goto(server.url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return {
    page,
    url: server.url,
    workspace,
    async screenshot(name) {
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path });
      console.log(`      screenshot: ${path}`);
      return path;
    },
    statusItem(itemId) {
      return page.locator(`[id="switchboard-dev.switchboard.${itemId}"]`);
    },
    webview() {
      return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    },
    async runCommand(title) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor();
      await input.fill(`>${title}`);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
      await page.keyboard.press('Enter');
    },
    async close() {
      await browser.close();
      await server.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** The first webview frame (of any panel) that shows `selector`. */
export async function webviewFrame(wb: Workbench, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of wb.page.frames()) {
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    await wb.page.waitForTimeout(200);
  }
  throw new Error(`no webview shows ${selector}`);
}

/** The loopback LLM server at `llmUrl` as the only provider ($2.50 / $10 per million tokens) and the surface fixture MCP server. */
export function surfaceSettings(llmUrl: string, model: string): Record<string, unknown> {
  const server = join(__dirname, '..', 'fixtures', 'mcp', 'surfaceServer.js');
  return {
    'switchboard.providers': [{ id: 'fixture', kind: 'openai-compatible', baseUrl: `${llmUrl}/v1`, label: 'Fixture LLM', defaultModel: model }],
    'switchboard.mcp.servers': { surface: { type: 'stdio', command: process.execPath, args: [server] } },
    'switchboard.pricing.overrides': { [model]: { input: 2.5, output: 10 } },
  };
}
