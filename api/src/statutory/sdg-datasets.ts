/*
 * A city's two SDG datasets of one month, as the routes show them and `sdg send` sends them: built from the
 * roll-ups and the city's gateway configuration, each under the identifier of its earlier transmissions (a
 * correction is re-sent under the same identifier, Annex II (d)).
 */
import type { CityConfig } from '@godonu/contract';
import {
  readFeedback,
  readPageViewsByOrigin,
  readTransmissions,
  type TransmissionRow,
} from '../queries/statutory.query.ts';
import type { Warehouse } from '../warehouse.ts';
import { gatewayPages } from './gateway-pages.ts';
import type { ReportMonth } from './report-month.ts';
import {
  buildSdgFeedback,
  buildSdgStatistics,
  type FeedbackSummary,
  type SdgFeedback,
  type SdgStatistics,
} from './sdg-transmission.ts';

export const SDG_DATASETS = ['statistics', 'feedback'] as const;
export type SdgDataset = (typeof SDG_DATASETS)[number];

/** The identifier the Commission's API issued for this month and dataset, if it was ever sent. */
export function issuedId(history: readonly TransmissionRow[], dataset: SdgDataset): string | null {
  return history.find((t) => t.dataset === dataset && t.unique_id !== '')?.unique_id ?? null;
}

export interface SdgDatasets {
  statistics: SdgStatistics;
  feedback: SdgFeedback;
  feedbackSummary: FeedbackSummary[];
  /** This month's transmissions, newest first. */
  history: TransmissionRow[];
}

export async function sdgDatasets(
  w: Warehouse,
  city: CityConfig,
  month: ReportMonth,
  now: Date,
): Promise<SdgDatasets> {
  const pages = gatewayPages(city);
  const scope = {
    site: city.key,
    from: month.from,
    to: month.to,
    paths: pages.paths,
    services: pages.services,
  };
  const [views, answers, history] = await Promise.all([
    readPageViewsByOrigin(w, scope),
    readFeedback(w, scope),
    readTransmissions(w, { site: city.key, month: month.label }),
  ]);
  const statistics = buildSdgStatistics({
    month,
    now,
    uniqueId: issuedId(history, 'statistics'),
    pages,
    rows: views,
  });
  const feedback = buildSdgFeedback({
    month,
    now,
    uniqueId: issuedId(history, 'feedback'),
    pages,
    rows: answers,
  });
  return { statistics, feedback: feedback.body, feedbackSummary: feedback.summary, history };
}
