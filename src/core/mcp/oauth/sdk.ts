// The one place Switchboard's OAuth code reaches the MCP SDK's client auth. It is the v1 line
// (`@modelcontextprotocol/sdk/client/auth.js`) today; the v2 line (`@modelcontextprotocol/client`)
// exports the same names, so moving is a change of these import paths only.
export { auth, refreshAuthorization, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
export type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
export { InvalidGrantError, OAuthError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
export type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
export { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
// The v2 client runs its own issuer check (RFC 8414 §3.3) inside the transports' auth flow.
export { IssuerMismatchError } from '@modelcontextprotocol/client';
