// How record ids are stored: newId() ids as their 12 raw bytes, other id formats as text
// (TEXT never equals a BLOB, so the two never collide).
const HEX24 = /^[0-9a-f]{24}$/;

export function encodeUid(id: string): Uint8Array | string {
  return HEX24.test(id) ? new Uint8Array(Buffer.from(id, 'hex')) : id;
}

export function decodeUid(v: unknown): string {
  return v instanceof Uint8Array ? Buffer.from(v).toString('hex') : String(v);
}
