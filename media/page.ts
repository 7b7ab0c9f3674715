// The page end of the webview channel, for every Switchboard page: VS Code's webview API as
// the transport, refusals to the console. Pages call `channel.ready()` once their handlers are set.
import { PageChannel, type Transport } from './protocol';

declare function acquireVsCodeApi(): { postMessage(msg: unknown): void; getState(): unknown; setState(state: unknown): void };

export interface Page<S> {
  readonly channel: PageChannel;
  /** The page's UI state from before it was hidden or restored (never data). */
  readonly savedState: S | undefined;
  saveState(state: S): void;
}

export function connectPage<S>(): Page<S> {
  const vscode = acquireVsCodeApi();
  const transport: Transport = {
    post: (message) => vscode.postMessage(message),
    onMessage: (listener) => {
      const onMessage = (event: MessageEvent<unknown>) => listener(event.data);
      window.addEventListener('message', onMessage);
      return { dispose: () => window.removeEventListener('message', onMessage) };
    },
  };
  return {
    channel: new PageChannel(transport, (line) => console.warn(line)),
    savedState: vscode.getState() as S | undefined,
    saveState: (state) => vscode.setState(state),
  };
}
