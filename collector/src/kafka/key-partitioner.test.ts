import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { keyPartitioner } from './key-partitioner.ts';

const metadata = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, i) => ({
    partitionErrorCode: 0,
    partitionId: i,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));

describe('keyPartitioner', () => {
  it("puts every key on the partition kafkajs's DefaultPartitioner puts it on", () => {
    const ours = keyPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    const keys = [
      '',
      'a',
      'ab',
      'abc',
      'abcd',
      'giessen:0123456789abcdef',
      'offenbach-am-main:ffffffffffffffff',
      'fulda:ü€😀',
      ...Array.from(
        { length: 20_000 },
        (_, i) => `site-${i % 7}:${(i * 2654435761).toString(16).padStart(16, '0').slice(-16)}`,
      ),
    ];
    for (const partitions of [1, 6, 7, 64]) {
      const partitionMetadata = metadata(partitions);
      for (const key of keys) {
        const args = { topic: 't', partitionMetadata, message: { key, value: '{}' } };
        expect(ours(args), key).toBe(theirs(args));
      }
    }
  });

  it('leaves records without a key, or with a partition of their own, to kafkajs', () => {
    const ours = keyPartitioner();
    const partitionMetadata = metadata(6);
    expect(ours({ topic: 't', partitionMetadata, message: { key: 'a', value: '{}', partition: 4 } })).toBe(4);
    const unkeyed = new Set(
      Array.from({ length: 12 }, () => ours({ topic: 't', partitionMetadata, message: { value: '{}' } })),
    );
    // Round robin over the partitions.
    expect(unkeyed.size).toBe(6);
  });
});
