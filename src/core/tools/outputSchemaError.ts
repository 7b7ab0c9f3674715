// A tool's structured content that breaks the output schema the tool itself declared: an error
// naming each field, carrying what arrived so the Call Tool panel can show it beside the problems.
import { ToolCallError } from '../mcp/errors';
import type { ToolEntry } from '../mcp/registry';

export class OutputSchemaError extends ToolCallError {
  constructor(
    entry: ToolEntry,
    problems: string[],
    readonly structuredContent: unknown,
  ) {
    super('invalid-output', `${entry.qualifiedName} returned structured content that does not match its output schema: ${problems.join('; ')}`, entry.server, entry.tool, {
      details: problems,
    });
    this.name = 'OutputSchemaError';
  }
}
