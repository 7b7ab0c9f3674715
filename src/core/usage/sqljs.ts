// sql.js (and its ~650 KB wasm) is loaded on first use only, never during activation.
import type { SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/** Loads sql.js once per process; `wasmPath` is the `sql-wasm.wasm` file to instantiate. */
export function loadSqlJs(wasmPath: string): Promise<SqlJsStatic> {
  loading ??= import('sql.js').then((mod) => {
    const init = (mod as unknown as { default?: typeof mod.default }).default ?? (mod as unknown as typeof mod.default);
    return init({ locateFile: () => wasmPath });
  });
  return loading;
}
