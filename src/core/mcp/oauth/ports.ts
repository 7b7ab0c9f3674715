// What the OAuth core needs from its host: a secret store (VS Code's SecretStorage) and a way to
// open the authorization page in the user's browser (`vscode.env.openExternal`).

/** SecretStorage's shape: values are strings, kept in the OS keychain on desktop. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** Opens `url` in the user's browser; resolves false when the host could not. */
export type OpenBrowser = (url: URL) => PromiseLike<boolean>;
