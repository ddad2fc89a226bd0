/*
 * Sends a city's SDG datasets of one closed month to the Commission's API and records every attempt in the
 * warehouse (sdg_transmissions_v1). A dataset goes under the identifier of its earlier transmissions, so sending a
 * month again is a correction (Annex II (d)); only when none was ever issued is a new identifier requested.
 */
import type { CityConfig } from '@godonu/contract';
import { clickhouseTime, type Warehouse } from '../warehouse.ts';
import type { ReportMonth } from './report-month.ts';
import type { SdgApi } from './sdg-api.ts';
import { type SdgDataset, sdgDatasets } from './sdg-datasets.ts';

export interface SentDataset {
  dataset: SdgDataset;
  uniqueId: string;
  correction: boolean;
  status: 'accepted' | 'alert' | 'failed';
  httpStatus: number;
  message: string;
  entries: number;
}

export async function sendSdg(
  deps: { warehouse: Warehouse; api: SdgApi; now: () => Date },
  city: CityConfig,
  month: ReportMonth,
  opts: { datasets: readonly SdgDataset[]; actor: string },
): Promise<SentDataset[]> {
  const built = await sdgDatasets(deps.warehouse, city, month, deps.now());
  const sent: SentDataset[] = [];
  for (const dataset of opts.datasets) {
    const body = built[dataset];
    const correction = built.history.some((t) => t.dataset === dataset && t.status === 'accepted');
    let uniqueId = body.uniqueId;
    let outcome: Omit<SentDataset, 'dataset' | 'uniqueId' | 'correction' | 'entries'> & {
      bodySha256: string;
    };
    try {
      uniqueId ??= await deps.api.uniqueId();
      outcome = await deps.api.send(dataset, { ...body, uniqueId });
    } catch (err) {
      outcome = {
        status: 'failed',
        httpStatus: 0,
        message: err instanceof Error ? err.message : String(err),
        bodySha256: '',
      };
    }
    const attemptedAt = deps.now();
    await deps.warehouse.insert('sdgTransmissions', [
      {
        site: city.key,
        month: month.label,
        dataset,
        unique_id: uniqueId ?? '',
        attempted_at: clickhouseTime(attemptedAt),
        correction: correction ? 1 : 0,
        status: outcome.status,
        http_status: outcome.httpStatus,
        message: outcome.message,
        entries: body.nbEntries,
        body_sha256: outcome.bodySha256,
        actor: opts.actor,
      },
    ]);
    sent.push({
      dataset,
      uniqueId: uniqueId ?? '',
      correction,
      status: outcome.status,
      httpStatus: outcome.httpStatus,
      message: outcome.message,
      entries: body.nbEntries,
    });
  }
  return sent;
}
