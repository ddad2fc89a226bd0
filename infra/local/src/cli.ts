/** `npm run infra:up | infra:down | infra:status` — the local Kafka broker and ClickHouse server. */
import { infraDown, infraStatus, infraUp } from './index.ts';

const command = process.argv[2];
try {
  if (command === 'up') {
    const infra = await infraUp();
    console.log(`Kafka cluster ${infra.kafkaClusterId}, ClickHouse ${infra.clickhouseVersion}`);
    console.log(`KAFKA_BROKERS=${infra.kafkaBrokers}`);
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
