import type { Logger } from 'pino';
import { loadSdkAsset, type SdkAssetResult } from './sdk-asset.ts';

/** A missing bundle is looked for again at most this often, so a build finishing after start is picked up. */
const RETRY_MISSING_MS = 10_000;

/** Loads the SDK bundle once at start (logging if it is missing) and serves it from memory. */
export function createSdkLoader(
  file: string,
  logger: Logger,
  now: () => number = Date.now,
): () => SdkAssetResult {
  let result = loadSdkAsset(file);
  let checkedAt = now();
  if (result.ok) {
    logger.info({ bytes: result.asset.identity.length, gzip: result.asset.gzip.length }, 'SDK bundle loaded');
  } else {
    logger.error({ file }, `${result.reason}; /sdk.js answers 503 until it exists`);
  }
  return () => {
    if (!result.ok && now() - checkedAt >= RETRY_MISSING_MS) {
      checkedAt = now();
      result = loadSdkAsset(file);
      if (result.ok) logger.info({ bytes: result.asset.identity.length }, 'SDK bundle loaded');
    }
    return result;
  };
}
