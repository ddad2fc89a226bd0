/*
 * What the city routes read from the raw events (downloads and outbound links, engagement) settle first, in one
 * place: the city and how the caller may see it (as its report), the service asked for, the period and disclosure
 * of the answer, and how many rows to ask ClickHouse for — a published list is suppressed as a whole (small rows
 * folded or left out) before `limit` cuts it, so it needs every row.
 */
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../auth/auth.hook.ts';
import type { PeriodQuery } from '../disclosure/published-period.ts';
import { answerDisclosure } from '../disclosure/view.ts';
import { catalogService, cityForDetail } from './access.ts';
import { PUBLISHED_LIST_ROWS } from './params.schema.ts';
import type { RouteDeps } from './route-deps.ts';

export function rawDetail(
  deps: RouteDeps,
  req: FastifyRequest,
  cityKey: string,
  q: PeriodQuery & { service?: string | undefined; limit: number },
) {
  const { city, access } = cityForDetail(deps.sites, principalOf(req), cityKey, () =>
    deps.metrics.authRejections.inc({ status: '403' }),
  );
  const service = q.service === undefined ? null : catalogService(deps.sites, q.service);
  const published = access === 'published';
  const { period, view } = answerDisclosure(deps.policy, q, published, deps.now());
  return {
    city,
    access,
    view,
    current: period.current,
    service: service ? { key: service.key, name: service.name } : null,
    rowLimit: published ? PUBLISHED_LIST_ROWS : q.limit,
  };
}
