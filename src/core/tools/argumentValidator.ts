// Validates tool arguments against the tool's input schema with ajv. A validator is compiled
// once per tool entry (a new listing makes new entries, so "once per tool version") and
// forgotten when the registry drops the entry.
import { errorMessage } from '../errorMessage';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Logger } from '../log';
import type { ToolEntry } from '../mcp/registry';
import { ToolCallError } from '../mcp/errors';

const OPTIONS = { allErrors: true, strict: false, addUsedSchema: false, validateFormats: false } as const;

export class ArgumentValidator {
  private readonly draft7 = new Ajv(OPTIONS);
  private readonly draft2020 = new Ajv2020(OPTIONS);
  private readonly compiled = new Map<ToolEntry, ValidateFunction | null>();

  constructor(private readonly log: Logger) {}

  /** Throws ToolCallError('invalid-arguments') listing every schema error. */
  validate(entry: ToolEntry, args: Record<string, unknown>): void {
    const validate = this.validatorFor(entry);
    if (!validate || validate(args)) return;
    const problems = (validate.errors ?? []).map(describeError);
    throw new ToolCallError(
      'invalid-arguments',
      `invalid arguments for ${entry.qualifiedName}: ${problems.join('; ')}`,
      entry.server,
      entry.tool,
      { details: problems },
    );
  }

  /** Drops validators of entries the registry no longer holds. */
  forget(entries: readonly ToolEntry[]): void {
    for (const e of entries) {
      if (!this.compiled.has(e)) continue;
      this.compiled.delete(e);
      this.ajvFor(e).removeSchema(e.inputSchema);
    }
  }

  get size(): number {
    return this.compiled.size;
  }

  private validatorFor(entry: ToolEntry): ValidateFunction | null {
    const known = this.compiled.get(entry);
    if (known !== undefined) return known;
    let fn: ValidateFunction | null;
    try {
      fn = this.ajvFor(entry).compile(entry.inputSchema);
    } catch (err) {
      // The server validates too; a schema ajv cannot compile must not make the tool unusable.
      this.log.warn(`${entry.qualifiedName}: input schema does not compile (${errorMessage(err)}); arguments are not checked`);
      fn = null;
    }
    this.compiled.set(entry, fn);
    return fn;
  }

  private ajvFor(entry: ToolEntry): Ajv {
    const dialect = (entry.inputSchema as { $schema?: unknown }).$schema;
    return typeof dialect === 'string' && dialect.includes('2020-12') ? this.draft2020 : this.draft7;
  }
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath || '(arguments)';
  if (e.keyword === 'additionalProperties') {
    return `${where} must not have property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (e.keyword === 'enum') return `${where} ${e.message ?? 'is invalid'}: ${JSON.stringify((e.params as { allowedValues: unknown }).allowedValues)}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}
