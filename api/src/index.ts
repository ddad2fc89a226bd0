export { type AppDeps, buildApp, WEB_DIR } from './app.ts';
export { type KeySpec, KeyStore, type StoredKey } from './auth/key-store.ts';
export { ROLES, type Role } from './auth/roles.ts';
export { type ApiConfig, loadConfig } from './config.ts';
export { createMetrics } from './http/metrics.ts';
export { loadSites, type Sites } from './sites.ts';
export { clickhouseWarehouse, type Warehouse } from './warehouse.ts';
export { cachedWarehouse } from './warehouse-cache.ts';
