import type { AuditLog } from '../audit/audit-log.ts';
import type { KeyStore } from '../auth/key-store.ts';
import type { ApiConfig } from '../config.ts';
import type { DisclosurePolicy } from '../disclosure/policy.ts';
import type { ApiMetrics } from '../http/metrics.ts';
import type { ReleaseStore } from '../open-data/release-store.ts';
import type { Sites } from '../sites.ts';
import type { Warehouse } from '../warehouse.ts';

/** What every route module is built from. */
export interface RouteDeps {
  config: ApiConfig;
  /** Every number shown to anyone but the city itself or an admin obeys it (disclosure/). */
  policy: DisclosurePolicy;
  sites: Sites;
  warehouse: Warehouse;
  metrics: ApiMetrics;
  now: () => Date;
  /** Key records, for the labels the audit log names. */
  keys: KeyStore;
  releases: ReleaseStore;
  audit: AuditLog;
}
