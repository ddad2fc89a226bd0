import type { ApiConfig } from '../config.ts';
import type { ApiMetrics } from '../http/metrics.ts';
import type { Sites } from '../sites.ts';
import type { Warehouse } from '../warehouse.ts';

/** What every route module is built from. */
export interface RouteDeps {
  config: ApiConfig;
  sites: Sites;
  warehouse: Warehouse;
  metrics: ApiMetrics;
  now: () => Date;
}
