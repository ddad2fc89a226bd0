/** `npm run kafka:topics` — creates the pipeline's Kafka topics on KAFKA_BROKERS (default: the local broker). */
import { ensureTopics } from './kafka-topics.ts';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const created = await ensureTopics(brokers, process.env.KAFKA_TOPIC_PREFIX ?? '');
console.log(created.length > 0 ? `created topics: ${created.join(', ')}` : 'topics already exist');
