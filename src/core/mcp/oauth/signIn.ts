// One interactive sign-in: listen on loopback, let the SDK discover, register and build the
// PKCE authorization URL, open it in the browser, wait for the redirect, check `state` (the
// listener) and `iss` (RFC 9207), then exchange the code. Failures carry their own reason.
import { SignInRequiredError, need } from './errors';
import type { OpenBrowser } from './ports';
import { SwitchboardOAuthProvider } from './provider';
import type { ProviderDeps } from './provider';
import { RedirectTimeoutError, listenForRedirect } from './loopbackRedirect';
import type { RedirectResult } from './loopbackRedirect';
import { auth } from './sdk';
import type { OAuthDiscoveryState } from './sdk';
import { sameIssuer } from './tokenStore';

export interface SignInOptions extends ProviderDeps {
  openBrowser: OpenBrowser;
  /** How long to wait for the browser to come back. */
  timeoutMs: number;
  /** Scopes to ask for (a challenge's, united with what the tokens had). */
  scope?: string;
}

/** Signs in to the server at `opts.url`; tokens land in the store. Throws SignInRequiredError on refusal. */
export async function signIn(opts: SignInOptions): Promise<void> {
  const redirect = await listenForRedirect(opts.timeoutMs);
  try {
    const provider = new SwitchboardOAuthProvider(opts, {
      redirectUrl: redirect.url,
      state: redirect.state,
      open: async (url) => {
        if (!(await opts.openBrowser(url))) throw new Error('the browser could not be opened for the sign-in');
      },
    });
    provider.requireScope(opts.scope);
    const serverUrl = opts.url;
    const started = await auth(provider, { serverUrl, scope: opts.scope, fetchFn: opts.fetch });
    if (started === 'AUTHORIZED') return;
    const answer = await redirect.result.catch((err: unknown) => {
      if (err instanceof RedirectTimeoutError) throw fail(opts, 'timeout', `the sign-in was not finished: ${err.message}`);
      throw err;
    });
    checkAnswer(opts, answer, await provider.discoveryState());
    await auth(provider, { serverUrl, authorizationCode: answer.code, iss: answer.iss, scope: opts.scope, fetchFn: opts.fetch });
  } finally {
    redirect.close();
  }
}

function fail(opts: SignInOptions, reason: Parameters<typeof need>[0], detail: string): SignInRequiredError {
  const n = need(reason, detail);
  opts.onNeed(n);
  return new SignInRequiredError(n);
}

function checkAnswer(opts: SignInOptions, answer: RedirectResult, discovery: OAuthDiscoveryState | undefined): asserts answer is RedirectResult & { code: string } {
  if (answer.error === 'access_denied') throw fail(opts, 'denied', `access was denied on the authorization page${answer.errorDescription ? `: ${answer.errorDescription}` : ''}`);
  if (answer.error !== undefined) throw fail(opts, 'required', `the authorization server answered ${answer.error}${answer.errorDescription ? `: ${answer.errorDescription}` : ''}`);
  const metadata = discovery?.authorizationServerMetadata;
  const expected = metadata?.issuer ?? discovery?.authorizationServerUrl;
  if (answer.iss !== undefined && (expected === undefined || !sameIssuer(answer.iss, expected))) {
    throw fail(opts, 'iss-mismatch', `the sign-in came back from ${answer.iss}, not from ${expected ?? 'the discovered authorization server'}`);
  }
  if (answer.iss === undefined && (metadata as Record<string, unknown> | undefined)?.authorization_response_iss_parameter_supported === true) {
    throw fail(opts, 'iss-mismatch', `the sign-in came back without the iss that ${expected} promises`);
  }
  if (answer.code === undefined) throw fail(opts, 'required', 'the authorization server sent no code back');
}
