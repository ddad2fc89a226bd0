/*
 * Creating a release: one closed month, read once from the roll-ups, computed through the disclosure layer with
 * the policy in force, serialized, stored with its parameters and recorded in the audit log. The route (for the
 * consortium) and the release command run exactly this.
 */
import type { CatalogService, CityConfig } from '@godonu/contract';
import { z } from 'zod';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { periodMonths } from '../compare/digital-take-up.ts';
import type { ApiConfig } from '../config.ts';
import type { CalendarPeriod } from '../disclosure/calendar-period.ts';
import { perturbedDisclosure } from '../disclosure/disclosure.ts';
import type { DisclosurePolicy } from '../disclosure/policy.ts';
import { resolvePublishedPeriod } from '../disclosure/published-period.ts';
import { ApiError } from '../errors.ts';
import { cityBreakdownQuery } from '../queries/city-breakdown.query.ts';
import { cityTrafficQuery } from '../queries/city-traffic.query.ts';
import { readOfflineCases } from '../queries/offline-cases.query.ts';
import { serviceTotalsQuery } from '../queries/service-totals.query.ts';
import { totalsWithOfflineCases } from '../routes/service-totals.ts';
import type { Sites } from '../sites.ts';
import type { Warehouse } from '../warehouse.ts';
import { type ReleaseMeta, serializeRelease } from './release-document.ts';
import type { ReleaseStore } from './release-store.ts';
import { type ReleaseTruth, releaseTables, SHARE_DIMENSIONS, type TrafficCounts } from './release-tables.ts';
import { releaseUnits } from './release-units.ts';

/** A calendar month, `2026-11`: the unit of a release. */
export const releaseMonth = z
  .string()
  .regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'must be a calendar month, YYYY-MM (e.g. 2026-11)')
  .describe('A closed calendar month, YYYY-MM (e.g. 2026-11)');

export interface ReleaseDeps {
  warehouse: Warehouse;
  sites: Sites;
  policy: DisclosurePolicy;
  config: ApiConfig;
  releases: ReleaseStore;
  audit: AuditLog;
  now: () => Date;
}

/**
 * The month's true counts of every city the release may show (named cities and an aggregate's members), with the
 * offline cases the cities imported for it (digital take-up).
 */
export async function readReleaseTruth(
  w: Warehouse,
  cities: readonly CityConfig[],
  services: readonly CatalogService[],
  month: CalendarPeriod,
): Promise<ReleaseTruth> {
  const span = { from: month.from, to: month.to };
  const keys = cities.map((c) => c.key);
  const perCity = await Promise.all(
    cities.map(async (c) => {
      const [traffic, breakdowns] = await Promise.all([
        w.rows(cityTrafficQuery({ site: c.key, ...span, previousFrom: month.from, interval: 'month' })),
        w.rows(cityBreakdownQuery({ site: c.key, ...span, by: SHARE_DIMENSIONS })),
      ]);
      const current = traffic.find((r) => r.part === 'current');
      const counts: TrafficCounts = { visitors: current?.visitors ?? 0, visits: current?.visits ?? 0 };
      return { key: c.key, traffic: counts, breakdowns };
    }),
  );
  const months = periodMonths(span);
  const [totals, offline] = await Promise.all([
    w.rows(serviceTotalsQuery({ sites: keys, service: null, ...span })),
    keys.length === 0
      ? Promise.resolve([])
      : readOfflineCases(w, { sites: keys, service: null, firstMonth: month.from, lastMonth: month.from }),
  ]);
  return {
    totals: totalsWithOfflineCases(
      totals,
      offline,
      months,
      keys,
      services.map((s) => s.key),
    ),
    traffic: new Map(perCity.map((c) => [c.key, c.traffic])),
    breakdowns: new Map(perCity.map((c) => [c.key, c.breakdowns])),
  };
}

function exists(meta: ReleaseMeta | null, month: string): ApiError {
  return new ApiError('API_RELEASE_EXISTS', { month, createdAt: meta?.createdAt ?? null });
}

/** Creates the release of `month` (closed, not yet released) and answers its metadata. */
export async function createRelease(deps: ReleaseDeps, month: string, actor: Actor): Promise<ReleaseMeta> {
  const now = deps.now();
  const { calendar } = resolvePublishedPeriod({ period: month }, now);
  if (calendar.level !== 'month') throw new ApiError('API_BAD_REQUEST', { month: releaseMonth.description });
  const before = await deps.releases.find(month);
  if (before) throw exists(before, month);
  const { units, notNamed } = releaseUnits(deps.sites.config.cities);
  const truth = await readReleaseTruth(
    deps.warehouse,
    units.flatMap((u) => u.members),
    deps.sites.config.services,
    calendar,
  );
  const tables = releaseTables(
    perturbedDisclosure(deps.policy, calendar),
    units,
    deps.sites.config.services,
    truth,
  );
  const { meta, files } = serializeRelease({
    month: calendar,
    policy: deps.policy,
    createdAt: now,
    createdBy: actor.role === 'command' ? 'command' : 'consortium',
    publisher: deps.config.OPEN_DATA_PUBLISHER,
    licence: {
      name: deps.config.OPEN_DATA_LICENCE_NAME,
      url: deps.config.OPEN_DATA_LICENCE_URL,
      uri: deps.config.OPEN_DATA_LICENCE_URI,
    },
    units,
    notNamed,
    tables,
  });
  const budget = meta.disclosure.privacyBudget.epsilonPerVisitorDay;
  const stored = await deps.releases.add({ meta, files, actor, epsilonPerVisitorDay: budget });
  if (!stored) throw exists(await deps.releases.find(month), month);
  // After the release, never for one that was not stored; should this insert fail, the release's own row still
  // names who created it and when.
  await deps.audit.record({
    at: now,
    action: 'release_created',
    actor,
    target: month,
    parameters: {
      month,
      k: String(meta.disclosure.k),
      epsilonPerCell: String(meta.disclosure.epsilonPerCell),
      policyVersion: String(meta.disclosure.policyVersion),
      epsilonPerVisitorDay: String(budget),
      licence: meta.licence.name,
      namedCities: meta.cities.named.map((c) => c.key).join(','),
    },
  });
  return meta;
}
