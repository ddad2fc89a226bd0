import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'gdk';
/** 32 random bytes: a key cannot be guessed, so a fast hash is enough to store it (no password stretching). */
const SECRET_BYTES = 32;
const KEY_PATTERN = /^gdk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface NewKey {
  id: string;
  key: string;
  sha256: string;
}

/** A new key `gdk_<id>_<secret>`; the id is public (listing, revoking, logs), the secret is shown once. */
export function generateKey(): NewKey {
  const id = randomBytes(4).toString('hex');
  const key = `${KEY_PREFIX}_${id}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { id, key, sha256: hashKey(key) };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The id part of a well-formed key, or undefined: malformed keys are rejected before any lookup. */
export function keyId(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}
