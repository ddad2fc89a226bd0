/** `npm run infra:up | infra:down | infra:status` — the local Kafka broker and ClickHouse server. */
import { infraDown, infraStatus, infraUp } from './index.ts';
import { loadLocalConfig } from './local.config.ts';

const command = process.argv[2];
try {
  if (command === 'up') {
    const cfg = loadLocalConfig();
    const infra = await infraUp(cfg);
    console.log(`Kafka cluster ${infra.kafkaClusterId}, ClickHouse ${infra.clickhouseVersion}`);
    console.log(`KAFKA_BROKERS=${infra.kafkaBrokers}`);
    if (cfg.KAFKA_BROKERS_COUNT > 1) {
      // What `kafka:topics` creates with and what the collector then checks at start: set both the same.
      console.log(`KAFKA_REPLICATION_FACTOR=${cfg.KAFKA_REPLICATION_FACTOR}`);
      console.log(`KAFKA_MIN_INSYNC_REPLICAS=${cfg.KAFKA_MIN_INSYNC_REPLICAS}`);
    }
    console.log(`CLICKHOUSE_URL=${infra.clickhouseUrl}`);
  } else if (command === 'down') {
    for (const line of await infraDown()) console.log(line);
  } else if (command === 'status') {
    for (const line of await infraStatus()) console.log(line);
  } else {
    console.error('usage: cli.ts up|down|status');
    process.exitCode = 2;
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
