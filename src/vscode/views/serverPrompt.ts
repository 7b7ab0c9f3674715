// Running a server's prompt from the explorer: each argument is asked for (required ones must be
// filled), the server renders the prompt, and its text goes to Run Prompt, which picks the model.
import * as vscode from 'vscode';
import type { McpPool } from '../../core/mcp/pool';
import { type PromptItem, promptText } from '../../core/mcp/serverContent';

/** `run` sends the rendered prompt on (the Run Prompt command); resolves false when the user backed out. */
export async function runServerPrompt(pool: McpPool, server: string, item: PromptItem, run: (prompt: string) => Thenable<unknown>): Promise<boolean> {
  const args: Record<string, string> = {};
  for (const a of item.arguments) {
    const value = await vscode.window.showInputBox({
      title: `${item.title ?? item.name} (${server}): ${a.name}${a.required ? '' : ' (optional)'}`,
      prompt: a.description,
      ignoreFocusOut: true,
      validateInput: (v) => (a.required && !v ? `${a.name} is required` : undefined),
    });
    if (value === undefined) return false;
    if (value !== '') args[a.name] = value;
  }
  await run(await promptText(pool, server, item.name, args));
  return true;
}
