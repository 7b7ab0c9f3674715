// The one place Switchboard's OAuth code reaches the MCP SDK's client auth: the v2 line
// (`@modelcontextprotocol/client`), the same package as the transports the provider is given to.
import { OAuthError, OAuthErrorCode } from '@modelcontextprotocol/client';

export { auth, extractWWWAuthenticateParams, IssuerMismatchError, refreshAuthorization } from '@modelcontextprotocol/client';
export type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  OAuthTokens,
} from '@modelcontextprotocol/client';

/** The authorization server refused a grant (v2 has no InvalidGrantError class: an OAuthError with that code). */
export function isInvalidGrant(err: unknown): boolean {
  return err instanceof OAuthError && err.code === OAuthErrorCode.InvalidGrant;
}
