// The ajv setup Switchboard checks JSON Schemas with (tool arguments, structured output,
// elicitation answers): one options set, draft-07 by default and 2020-12 when a schema says so,
// and one wording of each problem ("/field must be …") wherever it is shown.
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';

const OPTIONS = { allErrors: true, strict: false, addUsedSchema: false, validateFormats: false } as const;

export class SchemaChecker {
  private readonly draft7 = new Ajv(OPTIONS);
  private readonly draft2020 = new Ajv2020(OPTIONS);

  /** Compiles `schema` with the dialect it names; throws when ajv cannot. */
  compile(schema: object): ValidateFunction {
    return this.ajvFor(schema).compile(schema);
  }

  /** Frees a compiled schema. */
  remove(schema: object): void {
    this.ajvFor(schema).removeSchema(schema);
  }

  /** Every problem of `value` under `schema`, one line each; empty when it matches. */
  problems(schema: object, value: unknown, root: string): string[] {
    const validate = this.compile(schema);
    try {
      return validate(value) ? [] : (validate.errors ?? []).map((e) => describeSchemaError(e, root));
    } finally {
      this.remove(schema);
    }
  }

  private ajvFor(schema: object): Ajv {
    const dialect = (schema as { $schema?: unknown }).$schema;
    return typeof dialect === 'string' && dialect.includes('2020-12') ? this.draft2020 : this.draft7;
  }
}

export function describeSchemaError(e: ErrorObject, root: string): string {
  const where = e.instancePath || root;
  if (e.keyword === 'additionalProperties') {
    return `${where} must not have property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (e.keyword === 'enum') return `${where} ${e.message ?? 'is invalid'}: ${JSON.stringify((e.params as { allowedValues: unknown }).allowedValues)}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}
