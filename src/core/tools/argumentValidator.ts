// Validates tool arguments against the tool's input schema, and structured results against its
// output schema, with ajv. A validator is compiled once per tool entry and schema (a new listing
// makes new entries, so "once per tool version") and forgotten when the registry drops the entry.
import { errorMessage } from '../errorMessage';
import type { ValidateFunction } from 'ajv';
import type { Logger } from '../log';
import type { ToolEntry } from '../mcp/registry';
import { ToolCallError } from '../mcp/errors';
import { SchemaChecker, describeSchemaError as describeError } from '../mcp/schemaCheck';

export class ArgumentValidator {
  private readonly schemas = new SchemaChecker();
  private readonly compiled = new Map<ToolEntry, ValidateFunction | null>();
  private readonly compiledOutput = new Map<ToolEntry, ValidateFunction | null>();

  constructor(private readonly log: Logger) {}

  /** Throws ToolCallError('invalid-arguments') listing every schema error. */
  validate(entry: ToolEntry, args: Record<string, unknown>): void {
    const validate = this.validatorFor(this.compiled, entry, entry.inputSchema, 'input');
    if (!validate || validate(args)) return;
    const problems = (validate.errors ?? []).map((e) => describeError(e, '(arguments)'));
    throw new ToolCallError(
      'invalid-arguments',
      `invalid arguments for ${entry.qualifiedName}: ${problems.join('; ')}`,
      entry.server,
      entry.tool,
      { details: problems },
    );
  }

  /**
   * The problems of a result's structured content under the tool's output schema, one per field;
   * empty when it matches or the tool declares no output schema. A tool that declares one must
   * send structured content unless it reports an error.
   */
  outputProblems(entry: ToolEntry, structured: unknown, isError: boolean): string[] {
    const schema = entry.definition.outputSchema;
    if (!schema || isError) return [];
    if (structured === undefined) return ['(structuredContent) is missing although the tool declares an output schema'];
    const validate = this.validatorFor(this.compiledOutput, entry, schema, 'output');
    if (!validate || validate(structured)) return [];
    return (validate.errors ?? []).map((e) => describeError(e, '(structuredContent)'));
  }

  /** Drops validators of entries the registry no longer holds. */
  forget(entries: readonly ToolEntry[]): void {
    for (const e of entries) {
      if (this.compiled.delete(e)) this.schemas.remove(e.inputSchema);
      if (this.compiledOutput.delete(e) && e.definition.outputSchema) this.schemas.remove(e.definition.outputSchema);
    }
  }

  get size(): number {
    return this.compiled.size + this.compiledOutput.size;
  }

  private validatorFor(cache: Map<ToolEntry, ValidateFunction | null>, entry: ToolEntry, schema: object, which: 'input' | 'output'): ValidateFunction | null {
    const known = cache.get(entry);
    if (known !== undefined) return known;
    let fn: ValidateFunction | null;
    try {
      fn = this.schemas.compile(schema);
    } catch (err) {
      // A schema ajv cannot compile must not make the tool unusable (the server validates its input too).
      this.log.warn(`${entry.qualifiedName}: ${which} schema does not compile (${errorMessage(err)}); it is not checked`);
      fn = null;
    }
    cache.set(entry, fn);
    return fn;
  }
}
