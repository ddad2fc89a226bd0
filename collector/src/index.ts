export { type AppDeps, buildApp } from './app.ts';
export { type Collector, createCollector } from './collector.ts';
export { type CollectorConfig, loadConfig } from './config.ts';
export { ERROR_STATUS, type ErrorCode } from './errors.ts';
export { createLogger } from './logger.ts';
export { SALT_MAX_LIFETIME_MS, saltTopicProblems } from './salt/salt-topic.check.ts';
