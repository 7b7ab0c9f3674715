// A server's elicitation as one page of fields, for forms too long to ask one prompt per field.
// Each submission is checked by the core against the requested schema (the `check` it passes):
// problems go back to the page, a fitting answer closes the page and goes to the server.
// Decline and Cancel are buttons; closing the tab cancels. One panel per request.
import * as vscode from 'vscode';
import { Elicit, type ElicitVerdict } from '../../../media/protocol';
import type { ElicitationAsk, FormCheck, FormOutcome } from '../../core/mcp/elicitation';
import type { Question } from '../../core/mcp/elicitationForm';
import { WebviewHost, type PanelSpec, type WebviewPorts } from './webviewHost';

const PAGE: PanelSpec = {
  viewType: 'switchboard.elicitation',
  // Beside the panel whose call is asking, so both stay in view.
  column: vscode.ViewColumn.Beside,
  // Typed answers survive the tab being hidden behind another.
  retainContextWhenHidden: true,
  title: 'MCP server asks for input',
  script: 'elicit.js',
  body: `
<h1 id="asker"></h1>
<p id="message"></p>
<p class="muted">The text above and the fields below come from the MCP server, not from Switchboard. Nothing is sent until you press Accept.</p>
<form id="form" onsubmit="return false"></form>
<div id="problems" aria-live="polite"></div>
<div class="toolbar"><button id="accept" type="button">Accept</button> <button id="decline" type="button" class="secondary">Decline</button> <button id="cancel" type="button" class="secondary">Cancel</button></div>
`,
};

export type ElicitationForm = (ask: ElicitationAsk & { fields: readonly Question[] }, check: FormCheck) => Promise<FormOutcome>;

/** Opens a form page per request; resolves when the user accepted a fitting answer, declined or cancelled. */
export function elicitationForm(ports: WebviewPorts): ElicitationForm {
  return (ask, check) =>
    new Promise<FormOutcome>((resolve) => {
      const host = WebviewHost.open(ports, PAGE, `Input for ${ask.server}`);
      let settled = false;
      const finish = (outcome: FormOutcome) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
        // After this turn, so the page still gets the answer to the request that ended it.
        setTimeout(() => host.dispose(), 0);
      };
      host.store.add(
        host.channel.onRequest(Elicit.submit, ({ answers }): ElicitVerdict => {
          const verdict = check(answers);
          if ('problems' in verdict) return { kind: 'problems', problems: verdict.problems };
          finish({ action: 'accept', content: verdict.content });
          return { kind: 'sent' };
        }),
      );
      host.store.add(host.channel.onNotification(Elicit.decline, () => finish({ action: 'decline' })));
      host.store.add(host.channel.onNotification(Elicit.cancel, () => finish(undefined)));
      host.onDidDispose(() => finish(undefined));
      host.channel.notify(Elicit.form, { server: ask.server, message: ask.message, fields: [...ask.fields] });
    });
}
