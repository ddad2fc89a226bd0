import { CONTRACT_VERSION } from '@godonu/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CollectorError } from '../errors.ts';
import { matchesEtag, negotiateEncoding, type SdkAssetResult } from '../sdk/sdk-asset.ts';
import { SDK_SCRIPTS, type SdkScript } from '../sdk/sdk-loader.ts';

/**
 * An hour of freshness, then a cheap revalidation (ETag → 304); a day of stale-while-revalidate keeps pages
 * fast while a new build propagates. No `immutable`: the paths are stable, the bytes are not.
 */
const CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

/**
 * `GET /sdk.js` and `GET /feedback.js` (the feedback widget of gateway pages), also under `/v1/` (pinned to the
 * contract version the scripts speak), precompressed. Served cross-origin to the cities' pages, so the resource
 * policy says so.
 */
export async function sdkRoute(
  app: FastifyInstance,
  deps: { sdk: (script?: SdkScript) => SdkAssetResult },
): Promise<void> {
  const handler = (script: SdkScript) => async (req: FastifyRequest, reply: FastifyReply) => {
    const loaded = deps.sdk(script);
    if (!loaded.ok) {
      throw new CollectorError('COLLECTOR_SDK_UNAVAILABLE', 'the SDK bundle is not built on this collector');
    }
    const { asset } = loaded;
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', CACHE_CONTROL)
      .header('etag', asset.etag)
      .header('vary', 'accept-encoding')
      .header('x-content-type-options', 'nosniff')
      .header('cross-origin-resource-policy', 'cross-origin');
    if (matchesEtag(req.headers['if-none-match'], asset.etag)) return reply.code(304).send();
    const encoding = negotiateEncoding(req.headers['accept-encoding']);
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply.send(asset[encoding]);
  };
  for (const script of SDK_SCRIPTS) {
    app.get(`/${script}`, handler(script));
    app.get(`/v${CONTRACT_VERSION}/${script}`, handler(script));
  }
}
