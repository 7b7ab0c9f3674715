// The elicitation form: a server's question as one page of fields (for forms too long for one
// prompt per field). Nothing is sent until Accept; the host checks the answers against the
// requested schema and either closes the form or returns the problems, shown beside the form.
// Every text but the page's own came from the server: it is set as text, never as markup.
import { Elicit, errorText, type ElicitAnswers, type ElicitField, type ElicitForm } from '../protocol';
import { byId, h, replaceChildren } from '../dom';
import { connectPage } from '../page';

const page = connectPage<undefined>();
let readers: (() => [string, string | string[]])[] = [];
let sending = false;

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  const o = h('option', { value }, label);
  o.selected = selected;
  return o;
}

/** A select for a single choice or a yes/no; optional fields can be left unanswered. */
function select(f: ElicitField, id: string, options: { value: string; label: string }[]): [HTMLElement, () => string] {
  const el = h('select', { id });
  if (!f.required) el.append(option('', '(not given)', f.initial === undefined));
  for (const o of options) el.append(option(o.value, o.label, f.initial === o.value || f.initial === o.label));
  return [el, () => el.value];
}

function control(f: ElicitField, id: string): [HTMLElement, () => string | string[]] {
  switch (f.kind) {
    case 'boolean':
      return select(f, id, [
        { value: 'true', label: 'Yes' },
        { value: 'false', label: 'No' },
      ]);
    case 'choice':
      return select(f, id, f.options);
    case 'choices': {
      const initial = new Set((f.initial ?? '').split(',').map((s) => s.trim()));
      const boxes = f.options.map((o) => {
        const box = h('input', { type: 'checkbox', value: o.value });
        box.checked = initial.has(o.value) || initial.has(o.label);
        return h('label', { class: 'choice' }, box, ` ${o.label}`);
      });
      const set = h('div', { id, role: 'group' }, ...boxes);
      return [set, () => [...set.querySelectorAll('input')].filter((b) => b.checked).map((b) => b.value)];
    }
    default: {
      const input = h('input', { id, type: f.kind === 'string' ? 'text' : 'number', ...(f.kind === 'integer' ? { step: '1' } : f.kind === 'number' ? { step: 'any' } : {}) });
      input.value = f.initial ?? '';
      return [input, () => input.value];
    }
  }
}

function showForm(form: ElicitForm): void {
  byId('asker').textContent = `MCP server “${form.server}” asks for input`;
  byId('message').textContent = form.message;
  readers = [];
  const fields = form.fields.map((f, i) => {
    const id = `q${i}`;
    const [el, read] = control(f, id);
    readers.push(() => [f.key, read()]);
    return h(
      'div',
      { class: 'field', 'data-field': f.key },
      h('label', { for: id, class: f.required ? 'required' : undefined }, f.title),
      f.description ? h('div', { class: 'desc' }, f.description) : null,
      el,
    );
  });
  replaceChildren(byId('form'), ...fields);
  replaceChildren(byId('problems'));
}

function showProblems(problems: string[]): void {
  replaceChildren(byId('problems'), h('div', { class: 'error', role: 'alert' }, h('p', {}, 'Not sent: the answers do not fit what the server asked for:'), h('ul', {}, ...problems.map((p) => h('li', {}, p)))));
  byId('problems').scrollIntoView({ block: 'nearest' });
}

async function accept(): Promise<void> {
  if (sending) return;
  sending = true;
  byId<HTMLButtonElement>('accept').disabled = true;
  const answers: ElicitAnswers = Object.fromEntries(readers.map((read) => read()));
  try {
    const verdict = await page.channel.request(Elicit.submit, { answers });
    if (verdict.kind === 'problems') showProblems(verdict.problems);
    else replaceChildren(byId('problems'), h('p', { class: 'muted', id: 'sent' }, 'Sent.'));
  } catch (err) {
    showProblems([errorText(err)]);
  } finally {
    sending = false;
    byId<HTMLButtonElement>('accept').disabled = false;
  }
}

byId('accept').addEventListener('click', () => void accept());
byId('decline').addEventListener('click', () => page.channel.notify(Elicit.decline, {}));
byId('cancel').addEventListener('click', () => page.channel.notify(Elicit.cancel, {}));
page.channel.onNotification(Elicit.form, showForm);
page.channel.ready();
