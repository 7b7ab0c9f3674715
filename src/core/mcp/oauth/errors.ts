// Why a server needs the user to sign in, in one line each: the tree shows it beside "Sign in
// required". Each kind has its own wording so a user can tell a revoked grant from a refusal.

export type SignInReason =
  /** The server answered 401 and no usable token is stored. */
  | 'required'
  /** The authorization server refused the stored refresh token (revoked or expired). */
  | 'revoked'
  /** The authorization server's `iss` did not match the issuer discovery named. */
  | 'iss-mismatch'
  /** The user (or the server) refused consent on the authorization page. */
  | 'denied'
  /** The server asks for scopes the stored token does not carry. */
  | 'scope'
  /** The browser step did not finish in time. */
  | 'timeout';

export interface SignInNeed {
  reason: SignInReason;
  /** One line for the tree; server text in it is already cut to a safe length. */
  detail: string;
}

/** Thrown when a connection needs an interactive sign-in; the pool shows it as the server's error. */
export class SignInRequiredError extends Error {
  constructor(readonly need: SignInNeed) {
    super(`sign in required: ${need.detail}`);
    this.name = 'SignInRequiredError';
  }
}

/** Server-supplied text (error descriptions, issuers) is untrusted: one line, bounded. */
export function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function need(reason: SignInReason, detail: string): SignInNeed {
  return { reason, detail: oneLine(detail) };
}

/** The need inside `err` or its causes, if it is a sign-in failure. */
export function signInNeedOf(err: unknown): SignInNeed | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof SignInRequiredError) return e.need;
  }
  return undefined;
}
