// `${input:id}` values: asked once, then kept in SecretStorage (never in settings, logs or the
// ledger). Keys include the defining file, so a workspace that declares an input with the same id
// as another workspace's never receives the value typed for that other one.
import type * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import type { ConfigSource, InputDefinition } from '../../core/mcp/configTypes';
import type { UiPrompts } from '../uiPrompts';

export class InputPrompts {
  /** One prompt per input at a time, even when several servers start together. */
  private readonly asking = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly prompts: UiPrompts,
  ) {}

  async resolve(server: string, input: InputDefinition, source: ConfigSource): Promise<string | undefined> {
    const key = inputKey(source, input.id);
    const stored = await this.secrets.get(key);
    if (stored !== undefined) return stored;
    let pending = this.asking.get(key);
    if (!pending) {
      pending = this.ask(server, input).finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
    }
    const value = await pending;
    if (value !== undefined) await this.secrets.store(key, value);
    return value;
  }

  private async ask(server: string, input: InputDefinition): Promise<string | undefined> {
    const title = `MCP server "${server}": ${input.description ?? input.id}`;
    if (input.type === 'pickString' && input.options?.length) {
      return this.prompts.pickText(input.options, { title, placeHolder: input.default, ignoreFocusOut: true });
    }
    return this.prompts.input({ title, prompt: input.description, value: input.default, password: input.password, ignoreFocusOut: true });
  }
}

function inputKey(source: ConfigSource, id: string): string {
  const file = createHash('sha256').update(source.file).digest('hex').slice(0, 16);
  return `switchboard.mcp.input.${file}.${id}`;
}
