// Elicitation's questions as VS Code prompts: a modal that names the asking server (Accept /
// Decline; dismissing it cancels), then one input box or quick pick per field (longer forms go
// to the one-page form of elicitationPanel.ts), and for URL mode a
// modal that shows the link's host before anything opens. Every text but ours came from the
// server: titles arrive on one line (elicitationForm.oneLine), and nothing here renders HTML.
import type { ElicitationAsk, ElicitationPrompts } from '../../core/mcp/elicitation';
import type { Question } from '../../core/mcp/elicitationForm';
import type { OpenBrowser } from '../../core/mcp/oauth/ports';
import type { UiPrompts } from '../uiPrompts';
import type { ElicitationForm } from '../webview/elicitationPanel';

const SKIP = '(leave empty)';

export class VscodeElicitationPrompts implements ElicitationPrompts {
  /** Long forms on one page (elicitationPanel.ts), when the host has webviews. */
  readonly form?: ElicitationForm;

  constructor(
    private readonly prompts: UiPrompts,
    private readonly openBrowser: OpenBrowser,
    form?: ElicitationForm,
  ) {
    if (form) this.form = form;
  }

  async begin({ server, message, fields }: ElicitationAsk & { fields: readonly Question[] }): Promise<'accept' | 'decline' | undefined> {
    const detail = `${message}\n\nIt asks for: ${fields.map((f) => f.title).join(', ') || 'nothing'}.\nThis text comes from the server, not from Switchboard.`;
    const choice = await this.prompts.confirm(`MCP server "${server}" asks for input`, detail, 'Accept', 'Decline');
    return choice === 'Accept' ? 'accept' : choice === 'Decline' ? 'decline' : undefined;
  }

  async question(q: Question, { server, problem }: ElicitationAsk & { problem?: string }): Promise<string | undefined> {
    const title = `${server} asks: ${q.title}${q.required ? '' : ' (optional)'}`;
    const prompt = problem ? `Not accepted: ${problem}` : q.description;
    if (q.kind === 'boolean' || q.kind === 'choice') {
      const items = q.kind === 'boolean' ? ['true', 'false'] : q.options.map((o) => o.label);
      const picked = await this.prompts.pickText(q.required ? items : [...items, SKIP], { title, placeHolder: prompt, ignoreFocusOut: true });
      return picked === SKIP ? '' : picked;
    }
    const placeHolder = q.kind === 'choices' ? `comma-separated: ${q.options.map((o) => o.label).join(', ')}` : q.required ? undefined : 'leave empty to skip';
    return this.prompts.input({ title, prompt, placeHolder, value: q.initial, ignoreFocusOut: true });
  }

  async confirmUrl({ server, message, url }: ElicitationAsk & { url: URL }): Promise<'open' | 'decline' | undefined> {
    const detail = `${message}\n\nFull address: ${url.href}`;
    const choice = await this.prompts.confirm(`MCP server "${server}" asks you to open a page on ${url.host}`, detail, 'Open', 'Decline');
    return choice === 'Open' ? 'open' : choice === 'Decline' ? 'decline' : undefined;
  }

  async openUrl(url: URL): Promise<boolean> {
    return this.openBrowser(url);
  }

  refused({ server }: ElicitationAsk, problems: readonly string[]): void {
    void this.prompts.warn(`Switchboard did not send your answers to "${server}": ${problems.join('; ')}`);
  }
}
