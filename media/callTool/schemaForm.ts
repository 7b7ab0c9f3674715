// Builds an HTML form from a tool's input JSON Schema and reads a value back from it.
// Covers what MCP tools use: strings, numbers, integers, booleans, enums, arrays, nested
// objects, required marks, defaults and descriptions. Anything else falls back to a JSON box.
import { h } from '../dom';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  title?: string;
};

export interface Field {
  element: HTMLElement;
  /** The value, or `undefined` when the user left an optional field empty. */
  read(): unknown;
}

let nextId = 0;
const fieldId = () => `f${nextId++}`;

function typeOf(schema: Schema): string {
  const t = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  if (t) return t;
  if (schema.properties) return 'object';
  if (schema.enum) return 'enum';
  return 'json';
}

function labelled(name: string, schema: Schema, required: boolean, id: string, control: HTMLElement): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id, class: required ? 'required' : undefined }, schema.title ?? name),
    schema.description ? h('div', { class: 'desc', id: `${id}-desc` }, schema.description) : null,
    control,
  );
}

function scalarField(name: string, schema: Schema, required: boolean): Field {
  const id = fieldId();
  const kind = schema.enum ? 'enum' : typeOf(schema);
  const describedBy = schema.description ? `${id}-desc` : undefined;
  if (kind === 'boolean') {
    const box = h('input', { id, type: 'checkbox', 'aria-describedby': describedBy, 'data-field': name });
    box.checked = schema.default === true;
    return { element: labelled(name, schema, required, id, box), read: () => box.checked };
  }
  if (kind === 'enum') {
    const select = h('select', { id, 'aria-describedby': describedBy, 'data-field': name }, required ? null : h('option', { value: '' }, '—'));
    (schema.enum ?? []).forEach((v, i) => select.appendChild(h('option', { value: String(i) }, String(v))));
    const d = schema.enum?.indexOf(schema.default) ?? -1;
    if (d >= 0) select.value = String(d);
    return { element: labelled(name, schema, required, id, select), read: () => (select.value === '' ? undefined : schema.enum?.[Number(select.value)]) };
  }
  if (kind === 'number' || kind === 'integer') {
    const input = h('input', { id, type: 'number', step: kind === 'integer' ? '1' : 'any', 'aria-describedby': describedBy, 'data-field': name });
    if (typeof schema.default === 'number') input.value = String(schema.default);
    // An unparsable entry goes through as text so the validator names the problem.
    return { element: labelled(name, schema, required, id, input), read: () => (input.value === '' ? undefined : Number.isNaN(Number(input.value)) ? input.value : Number(input.value)) };
  }
  if (kind === 'string') {
    const input = h('input', { id, type: 'text', 'aria-describedby': describedBy, 'data-field': name });
    if (typeof schema.default === 'string') input.value = schema.default;
    return { element: labelled(name, schema, required, id, input), read: () => (input.value === '' && !required ? undefined : input.value) };
  }
  return jsonField(name, schema, required);
}

function jsonField(name: string, schema: Schema, required: boolean): Field {
  const id = fieldId();
  const area = h('textarea', { id, rows: 3, placeholder: 'JSON', 'data-field': name });
  if (schema.default !== undefined) area.value = JSON.stringify(schema.default, null, 2);
  return {
    element: labelled(name, schema, required, id, area),
    read: () => {
      if (area.value.trim() === '') return undefined;
      try {
        return JSON.parse(area.value) as unknown;
      } catch {
        return area.value; // the validator reports the type mismatch
      }
    },
  };
}

function arrayField(name: string, schema: Schema, required: boolean): Field {
  const itemSchema = schema.items ?? {};
  const items: Field[] = [];
  const list = h('div', { class: 'array-items' });
  const add = (value?: unknown) => {
    const field = buildField(`${name}[${items.length}]`, { ...itemSchema, default: value ?? itemSchema.default }, false);
    const row = h('div', { class: 'array-item' }, field.element);
    const entry: Field = { element: row, read: field.read };
    row.appendChild(h('button', { type: 'button', class: 'secondary', onclick: () => { items.splice(items.indexOf(entry), 1); row.remove(); } }, 'Remove'));
    items.push(entry);
    list.appendChild(row);
  };
  if (Array.isArray(schema.default)) schema.default.forEach((v) => add(v));
  const legend = h('legend', { class: required ? 'required' : undefined }, schema.title ?? name);
  const element = h(
    'fieldset',
    { 'data-field': name },
    legend,
    schema.description ? h('div', { class: 'desc' }, schema.description) : null,
    list,
    h('button', { type: 'button', class: 'secondary', onclick: () => add() }, 'Add item'),
  );
  return { element, read: () => (items.length === 0 && !required ? undefined : items.map((i) => i.read()).filter((v) => v !== undefined)) };
}

function objectField(name: string, schema: Schema, required: boolean, top = false): Field {
  const props = Object.entries(schema.properties ?? {});
  const requiredSet = new Set(schema.required ?? []);
  const fields = props.map(([key, s]) => [key, buildField(key, s, requiredSet.has(key))] as const);
  const children = fields.map(([, f]) => f.element);
  const element = top
    ? h('div', { class: 'object-root' }, ...children)
    : h('fieldset', { 'data-field': name }, h('legend', { class: required ? 'required' : undefined }, schema.title ?? name),
        schema.description ? h('div', { class: 'desc' }, schema.description) : null, ...children);
  return {
    element,
    read: () => {
      const out: Record<string, unknown> = {};
      for (const [key, f] of fields) {
        const v = f.read();
        if (v !== undefined) out[key] = v;
      }
      return !top && !required && Object.keys(out).length === 0 ? undefined : out;
    },
  };
}

function buildField(name: string, schema: Schema, required: boolean): Field {
  const kind = typeOf(schema);
  if (kind === 'object' && schema.properties) return objectField(name, schema, required);
  if (kind === 'array') return arrayField(name, schema, required);
  if (kind === 'object') return jsonField(name, schema, required);
  return scalarField(name, schema, required);
}

/** The form for a tool's whole input: always an object at the top. */
export function schemaForm(schema: Record<string, unknown>): Field {
  return objectField('arguments', schema as Schema, true, true);
}
