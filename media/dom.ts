// Tiny DOM helpers for the webview pages. Text always goes in through textContent, so
// server- or model-supplied strings can never become markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((ev: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

export function usd(value: number | null | undefined, unpriced = 'unpriced'): string {
  if (value === null || value === undefined) return unpriced;
  if (value !== 0 && Math.abs(value) < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

/** How an answer served from the response cache is labelled wherever its $0 cost would show. */
export function cacheHitLabel(savedUsd: number | null | undefined): string {
  return `answered from cache · saved ${savedUsd === null || savedUsd === undefined ? 'an unpriced call' : usd(savedUsd)}`;
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** A tool's progress report as one line: `3 / 5 — message` (set it as textContent: the message is server text). */
export function progressLine(p: { progress: number; total?: number; message?: string }): string {
  const amount = p.total !== undefined ? `${p.progress} / ${p.total}` : String(p.progress);
  return p.message ? `${amount} — ${p.message}` : amount;
}

export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** Reads a VS Code theme colour (a CSS variable on the body), with a fallback. */
export function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(`--vscode-${name}`).trim() || fallback;
}
