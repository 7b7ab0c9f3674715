// The gateway's status-bar item: shown only while the gateway runs, with its URL, the clients
// seen today and the requests in flight; clicking it copies a client's setup.
import * as vscode from 'vscode';
import type { Disposable } from '../../core/lifecycle';
import { Commands } from '../commandIds';
import type { StatusItemSink } from '../ports';
import type { GatewayHost, GatewayState } from './gatewayHost';

export function showGatewayStatus(item: StatusItemSink & Pick<vscode.StatusBarItem, 'hide'>, gateway: GatewayHost): Disposable {
  item.name = 'Switchboard Gateway';
  item.command = Commands.copyGatewaySetup;
  const render = (state: GatewayState) => {
    if (!state.running) return item.hide();
    const { clientsToday, inFlight } = state.stats;
    item.text = `$(radio-tower) ${clientsToday.length} ${clientsToday.length === 1 ? 'client' : 'clients'}${inFlight > 0 ? ` · ${inFlight} $(sync~spin)` : ''}`;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown('**Switchboard Gateway**\n\n');
    tip.appendMarkdown(`URL: \`${state.url}\` (MCP: \`${state.url}/mcp\`)\n\n`);
    tip.appendText(`Clients seen today: ${clientsToday.length ? clientsToday.join(', ') : 'none'}\n\n`);
    tip.appendMarkdown(`Requests in flight: ${inFlight}\n\n`);
    tip.appendMarkdown('Click to copy a client\'s setup.');
    item.tooltip = tip;
    item.show();
  };
  render(gateway.state());
  return gateway.onDidChange.event(render);
}
