// The Call Tool page: a form generated from the tool's schema (or raw JSON), the host
// validates with the executor's own ajv validator and calls; the result is shown with timing.
import type { CallToolMessage, CallToolRequest, CallToolUiState, ResultPart, ToolForm } from '../protocol';
import { byId, h, ms, replaceChildren } from '../dom';
import { schemaForm, type Field } from './schemaForm';

declare function acquireVsCodeApi(): { postMessage(msg: CallToolRequest): void; getState(): CallToolUiState | undefined; setState(s: CallToolUiState): void };

const vscode = acquireVsCodeApi();
const state: CallToolUiState = vscode.getState() ?? {};
let form: Field | undefined;
const rawBox = byId<HTMLTextAreaElement>('raw');
const rawToggle = byId<HTMLInputElement>('raw-mode');

function args(): Record<string, unknown> | string {
  if (!rawToggle.checked) return (form?.read() as Record<string, unknown>) ?? {};
  try {
    return JSON.parse(rawBox.value || '{}') as Record<string, unknown>;
  } catch (err) {
    return `The raw JSON does not parse: ${(err as Error).message}`;
  }
}

function setRaw(raw: boolean): void {
  rawToggle.checked = raw;
  if (raw && form) rawBox.value = JSON.stringify(form.read() ?? {}, null, 2);
  byId('form').hidden = raw;
  byId('raw-box').hidden = !raw;
  state.raw = raw;
  vscode.setState(state);
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

byId('call').addEventListener('click', () => {
  const value = args();
  if (typeof value === 'string') {
    replaceChildren(byId('result'), h('p', { class: 'error' }, value));
    return;
  }
  vscode.postMessage({ type: 'call', args: value });
});
rawToggle.addEventListener('change', () => setRaw(rawToggle.checked));

window.addEventListener('message', (event: MessageEvent<CallToolMessage>) => {
  const msg = event.data;
  const result = byId('result');
  const call = byId<HTMLButtonElement>('call');
  switch (msg.type) {
    case 'tool':
      showTool(msg.tool);
      replaceChildren(result);
      break;
    case 'running':
      call.disabled = true;
      replaceChildren(result, h('p', { class: 'muted' }, 'Calling…'));
      break;
    case 'invalid':
      call.disabled = false;
      replaceChildren(result, h('div', { class: 'error', role: 'alert' }, h('p', {}, 'The arguments do not match the tool’s schema:'), h('ul', {}, ...msg.errors.map((e) => h('li', {}, e)))));
      break;
    case 'result':
      call.disabled = false;
      replaceChildren(
        result,
        h('p', { class: msg.isError ? 'error' : 'muted', id: 'result-status' }, `${msg.isError ? 'The tool reported an error' : 'Done'} in ${ms(msg.durationMs)}`),
        ...parts(msg.parts),
      );
      break;
    case 'failed':
      call.disabled = false;
      replaceChildren(result, h('p', { class: 'error', role: 'alert' }, msg.message));
      break;
  }
});

vscode.postMessage({ type: 'ready' });
