// The Call Tool page: a form generated from the tool's schema (or raw JSON), the host
// validates with the executor's own ajv validator and calls; the result is shown with timing.
import { CallTool, errorText, isRecord, type CallOutcome, type CallProgress, type CallToolUiState, type ResultPart, type ToolForm } from '../protocol';
import { byId, h, ms, progressLine, replaceChildren } from '../dom';
import { connectPage } from '../page';
import { schemaForm, type Field } from './schemaForm';

const page = connectPage<CallToolUiState>();
const state: CallToolUiState = page.savedState ?? {};
/** Counts the tools shown, so an answer that arrives after the form changed tool is dropped. */
let shownTool = 0;
/** Numbers this page's calls, so progress and Cancel name the one running. */
let lastCall = 0;
let runningCall: number | undefined;
let form: Field | undefined;
const rawBox = byId<HTMLTextAreaElement>('raw');
const rawToggle = byId<HTMLInputElement>('raw-mode');

function args(): Record<string, unknown> | string {
  if (!rawToggle.checked) return (form?.read() as Record<string, unknown>) ?? {};
  let value: unknown;
  try {
    value = JSON.parse(rawBox.value || '{}');
  } catch (err) {
    return `The raw JSON does not parse: ${errorText(err)}`;
  }
  return isRecord(value) ? value : 'The raw JSON must be an object: the tool’s arguments by name.';
}

function setRaw(raw: boolean): void {
  rawToggle.checked = raw;
  if (raw && form) rawBox.value = JSON.stringify(form.read() ?? {}, null, 2);
  byId('form').hidden = raw;
  byId('raw-box').hidden = !raw;
  state.raw = raw;
  page.saveState(state);
}

function showTool(tool: ToolForm): void {
  byId('tool-name').textContent = tool.qualifiedName;
  byId('tool-description').textContent = tool.description;
  form = schemaForm(tool.inputSchema);
  replaceChildren(byId('form'), form.element);
  setRaw(state.raw ?? false);
}

function part(p: ResultPart): HTMLElement {
  switch (p.kind) {
    case 'text':
      return h('pre', { class: 'result' }, p.text);
    case 'json':
      return h('pre', { class: 'result json' }, p.json);
    case 'image':
      return h('img', { src: `data:${p.mediaType};base64,${p.data}`, alt: 'image returned by the tool', class: 'result-image' });
    case 'resource':
      return h('div', { class: 'card' }, h('div', { class: 'muted' }, p.uri), p.text ? h('pre', { class: 'result' }, p.text) : null);
    case 'structured':
      return h('section', { class: 'structured' }, h('h2', {}, 'Structured content (JSON)'), h('pre', { class: 'result json' }, p.json));
  }
}

/** With structured content beside it, the content gets its own label so the two read as two things. */
function parts(all: ResultPart[]): HTMLElement[] {
  const content = all.filter((p) => p.kind !== 'structured');
  const structured = all.filter((p) => p.kind === 'structured');
  if (structured.length === 0) return content.map(part);
  return [h('section', { class: 'content' }, h('h2', {}, 'Content'), ...content.map(part)), ...structured.map(part)];
}

function showOutcome(outcome: CallOutcome): void {
  if (outcome.kind === 'cancelled') {
    replaceChildren(byId('result'), h('p', { class: 'muted', id: 'result-status' }, 'Cancelled: the server was asked to stop.'));
    return;
  }
  if (outcome.kind === 'invalid') {
    replaceChildren(byId('result'), h('div', { class: 'error', role: 'alert' }, h('p', {}, 'The arguments do not match the tool’s schema:'), h('ul', {}, ...outcome.errors.map((e) => h('li', {}, e)))));
    return;
  }
  if (outcome.kind === 'invalid-output') {
    replaceChildren(
      byId('result'),
      h('div', { class: 'error', role: 'alert' }, h('p', {}, 'The tool’s structured content does not match its output schema:'), h('ul', {}, ...outcome.errors.map((e) => h('li', {}, e)))),
      part({ kind: 'structured', json: outcome.json }),
    );
    return;
  }
  replaceChildren(
    byId('result'),
    h('p', { class: outcome.isError ? 'error' : 'muted', id: 'result-status' }, `${outcome.isError ? 'The tool reported an error' : 'Done'} in ${ms(outcome.durationMs)}`),
    ...parts(outcome.parts),
  );
}

/** Server text: set as textContent only. */
function showProgress(p: CallProgress): void {
  if (p.callId !== runningCall) return;
  const line = byId('progress');
  line.textContent = progressLine(p);
  line.hidden = false;
}

function setRunning(callId: number | undefined): void {
  runningCall = callId;
  byId<HTMLButtonElement>('call').disabled = callId !== undefined;
  byId('cancel').hidden = callId === undefined;
  const line = byId('progress');
  line.hidden = true;
  line.textContent = '';
}

async function call(args: Record<string, unknown>): Promise<void> {
  const tool = shownTool;
  const callId = ++lastCall;
  setRunning(callId);
  replaceChildren(byId('result'), h('p', { class: 'muted' }, 'Calling…'));
  try {
    const outcome = await page.channel.request(CallTool.call, { callId, args });
    if (tool === shownTool) showOutcome(outcome);
  } catch (err) {
    if (tool === shownTool) replaceChildren(byId('result'), h('p', { class: 'error', role: 'alert' }, errorText(err)));
  } finally {
    if (runningCall === callId) setRunning(undefined);
  }
}

byId('call').addEventListener('click', () => {
  const value = args();
  if (typeof value === 'string') {
    replaceChildren(byId('result'), h('p', { class: 'error' }, value));
    return;
  }
  void call(value);
});
rawToggle.addEventListener('change', () => setRaw(rawToggle.checked));
byId('cancel').addEventListener('click', () => {
  if (runningCall !== undefined) page.channel.notify(CallTool.cancel, { callId: runningCall });
});
page.channel.onNotification(CallTool.progress, showProgress);

page.channel.onNotification(CallTool.tool, (tool) => {
  shownTool++;
  showTool(tool);
  replaceChildren(byId('result'));
});
page.channel.ready();
