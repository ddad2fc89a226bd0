import { basename, dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { loadSdkAsset, type SdkAssetResult } from './sdk-asset.ts';

/** A missing bundle is looked for again at most this often, so a build finishing after start is picked up. */
const RETRY_MISSING_MS = 10_000;

/**
 * The scripts the collector serves from the SDK's build: the script tag (`sdk.js`) and the feedback widget that
 * gateway pages include after it (`feedback.js`).
 */
export const SDK_SCRIPTS = ['sdk.js', 'feedback.js'] as const;
export type SdkScript = (typeof SDK_SCRIPTS)[number];

/** The widget lies beside the script tag's bundle: `dist/sdk.js` → `dist/feedback.js`. */
export const feedbackFileBeside = (sdkFile: string): string =>
  join(dirname(sdkFile), basename(sdkFile).replace(/^sdk/, 'feedback'));

/** Loads one bundle once at start (logging if it is missing) and serves it from memory. */
function createAssetLoader(
  script: SdkScript,
  file: string,
  logger: Logger,
  now: () => number,
): () => SdkAssetResult {
  let result = loadSdkAsset(file);
  let checkedAt = now();
  if (result.ok) {
    logger.info(
      { script, bytes: result.asset.identity.length, gzip: result.asset.gzip.length },
      'SDK bundle loaded',
    );
  } else {
    logger.error({ file }, `${result.reason}; /${script} answers 503 until it exists`);
  }
  return () => {
    if (!result.ok && now() - checkedAt >= RETRY_MISSING_MS) {
      checkedAt = now();
      result = loadSdkAsset(file);
      if (result.ok) logger.info({ script, bytes: result.asset.identity.length }, 'SDK bundle loaded');
    }
    return result;
  };
}

/**
 * Loads the SDK's scripts once at start: `file` (the script tag's bundle) and the feedback widget beside it.
 * The loader answers for `sdk.js` unless asked for another script.
 */
export function createSdkLoader(
  file: string,
  logger: Logger,
  now: () => number = Date.now,
): (script?: SdkScript) => SdkAssetResult {
  const loaders: Record<SdkScript, () => SdkAssetResult> = {
    'sdk.js': createAssetLoader('sdk.js', file, logger, now),
    'feedback.js': createAssetLoader('feedback.js', feedbackFileBeside(file), logger, now),
  };
  return (script = 'sdk.js') => loaders[script]();
}
