import { describe, expect, it } from 'vitest';
import { kafkaNodesOf, loadLocalConfig } from './local.config.ts';

describe('the local Kafka cluster settings', () => {
  it('one node by default, one copy of each record', () => {
    const c = loadLocalConfig({});
    expect([c.KAFKA_BROKERS_COUNT, c.KAFKA_REPLICATION_FACTOR, c.KAFKA_MIN_INSYNC_REPLICAS]).toEqual([
      1, 1, 1,
    ]);
    expect(kafkaNodesOf(c)).toEqual([{ id: 1, port: 9092, controllerPort: 9093 }]);
  });

  it('three nodes: ports two apart, three replicas, two in sync', () => {
    const c = loadLocalConfig({ KAFKA_BROKERS_COUNT: '3' });
    expect([c.KAFKA_REPLICATION_FACTOR, c.KAFKA_MIN_INSYNC_REPLICAS]).toEqual([3, 2]);
    expect(kafkaNodesOf(c)).toEqual([
      { id: 1, port: 9092, controllerPort: 9093 },
      { id: 2, port: 9094, controllerPort: 9095 },
      { id: 3, port: 9096, controllerPort: 9097 },
    ]);
  });

  it('two nodes: two replicas, one in sync (a write must survive one of them failing)', () => {
    const c = loadLocalConfig({ KAFKA_BROKERS_COUNT: '2' });
    expect([c.KAFKA_REPLICATION_FACTOR, c.KAFKA_MIN_INSYNC_REPLICAS]).toEqual([2, 1]);
  });

  it('refuses ports that collide and settings no write could satisfy', () => {
    expect(() => loadLocalConfig({ KAFKA_BROKERS_COUNT: '3', KAFKA_CONTROLLER_PORT: '9094' })).toThrow(
      /the Kafka nodes' ports \(9092, 9094, 9094, 9096, 9096, 9098\) must be distinct/,
    );
    expect(() => loadLocalConfig({ KAFKA_BROKERS_COUNT: '3', KAFKA_REPLICATION_FACTOR: '4' })).toThrow(
      /KAFKA_REPLICATION_FACTOR 4 exceeds KAFKA_BROKERS_COUNT 3/,
    );
    expect(() => loadLocalConfig({ KAFKA_BROKERS_COUNT: '3', KAFKA_MIN_INSYNC_REPLICAS: '4' })).toThrow(
      /KAFKA_MIN_INSYNC_REPLICAS 4 exceeds KAFKA_REPLICATION_FACTOR 3/,
    );
  });
});
