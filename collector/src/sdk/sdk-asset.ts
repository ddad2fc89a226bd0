import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The SDK bundle, compressed once at start: serving it costs a buffer write, not a compression. */
export interface SdkAsset {
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** Strong validator over the uncompressed bytes, shared by all encodings (they decode to the same file). */
  etag: string;
}

export type SdkAssetResult = { ok: true; asset: SdkAsset } | { ok: false; reason: string };

export function loadSdkAsset(file: string): SdkAssetResult {
  let identity: Buffer;
  try {
    identity = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    return { ok: false, reason: `SDK bundle ${file} cannot be read (${code}); build the SDK first` };
  }
  return {
    ok: true,
    asset: {
      identity,
      gzip: gzipSync(identity, { level: 9 }),
      br: brotliCompressSync(identity, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
        },
      }),
      etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`,
    },
  };
}

/** Picks br, then gzip, then identity from an Accept-Encoding header, honouring `q=0` refusals. */
export function negotiateEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  if (!acceptEncoding) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name.trim(), q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  const wildcard = accepted.get('*');
  const weight = (name: string) => accepted.get(name) ?? wildcard ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

/** RFC 9110 If-None-Match: `*` or a list of (possibly weak) entity tags, compared weakly. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
