// Named client keys for the gateway. A key is shown once when created; only its SHA-256 is
// stored (keys are 256 random bits, so a fast hash is enough), and every check compares hashes
// in constant time. Revoking removes the hash, so the key fails on its next request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClientKeys, GatewayClient, SecretSlot } from './types';

export interface ClientKeyInfo extends GatewayClient {
  createdAt: number;
}

interface StoredKey extends ClientKeyInfo {
  /** Hex SHA-256 of the key. */
  hash: string;
}

export interface CreatedClientKey {
  client: ClientKeyInfo;
  /** The key itself: returned here once and never again. */
  key: string;
}

const KEY_PREFIX = 'sb-';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,63}$/;

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** A malformed slot must not lock everyone out silently: it reads as no keys, and the next write repairs it. */
function parse(raw: string | undefined): StoredKey[] {
  if (!raw) return [];
  try {
    const value = JSON.parse(raw) as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter(
      (k): k is StoredKey =>
        typeof k === 'object' && k !== null && typeof (k as StoredKey).name === 'string' &&
        typeof (k as StoredKey).keyId === 'string' && /^[0-9a-f]{64}$/.test(String((k as StoredKey).hash)),
    );
  } catch {
    return [];
  }
}

export class ClientKeyStore implements ClientKeys {
  private keys: Promise<StoredKey[]> | undefined;
  /** Writes run one after another so two quick creates cannot lose one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly slot: SecretSlot,
    private readonly now: () => number = Date.now,
  ) {}

  private load(): Promise<StoredKey[]> {
    this.keys ??= this.slot.read().then(parse);
    return this.keys;
  }

  private update<T>(change: (keys: StoredKey[]) => { keys: StoredKey[]; result: T }): Promise<T> {
    const run = this.queue.then(async () => {
      const { keys, result } = change(await this.load());
      await this.slot.write(JSON.stringify(keys));
      this.keys = Promise.resolve(keys);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Creates a key for a named client; the returned `key` is the only copy. */
  create(name: string): Promise<CreatedClientKey> {
    const trimmed = name.trim();
    if (!NAME.test(trimmed)) {
      return Promise.reject(new Error(`Client name "${name}" is not valid: use 1–64 letters, digits, spaces, dots, dashes or underscores.`));
    }
    return this.update((keys) => {
      if (keys.some((k) => k.name === trimmed)) {
        throw new Error(`A gateway client named "${trimmed}" already has a key; revoke it first.`);
      }
      const key = KEY_PREFIX + randomBytes(32).toString('base64url');
      const client: ClientKeyInfo = { name: trimmed, keyId: randomBytes(6).toString('hex'), createdAt: this.now() };
      return { keys: [...keys, { ...client, hash: sha256(key).toString('hex') }], result: { client, key } };
    });
  }

  /** Removes a client's key (by keyId or name); false when there was none. */
  revoke(idOrName: string): Promise<boolean> {
    return this.update((keys) => {
      const kept = keys.filter((k) => k.keyId !== idOrName && k.name !== idOrName);
      return { keys: kept, result: kept.length !== keys.length };
    });
  }

  async list(): Promise<ClientKeyInfo[]> {
    return (await this.load()).map(({ name, keyId, createdAt }) => ({ name, keyId, createdAt }));
  }

  async verify(presented: string): Promise<GatewayClient | undefined> {
    const keys = await this.load();
    const digest = sha256(presented);
    let found: StoredKey | undefined;
    // Every stored hash is compared, so the time taken says nothing about which one matched.
    for (const k of keys) {
      if (timingSafeEqual(digest, Buffer.from(k.hash, 'hex')) && !found) found = k;
    }
    return found ? { name: found.name, keyId: found.keyId } : undefined;
  }
}
