import { type ICustomPartitioner, Partitioners } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
/** Characters other than printable ASCII and whitespace: a key without any is its own UTF-8 bytes. */
const NON_ASCII = /[^ -~\t\n\r]/;

/**
 * murmur2 of a key's UTF-8 bytes as the Java client (and kafkajs's DefaultPartitioner) computes it, in 32-bit
 * arithmetic: kafkajs computes it with 64-bit Long objects and a Buffer per key, some 2 µs per record, of which
 * only the low 32 bits count.
 */
export function murmur2(key: string): number {
  // Our keys (`site:visitor`) are ASCII, one byte per character; anything else is read as its UTF-8 bytes.
  const bytes = !NON_ASCII.test(key) ? key : Buffer.from(key, 'utf8').toString('latin1');
  const length = bytes.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k =
      bytes.charCodeAt(i) |
      (bytes.charCodeAt(i + 1) << 8) |
      (bytes.charCodeAt(i + 2) << 16) |
      (bytes.charCodeAt(i + 3) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= bytes.charCodeAt(whole + 2) << 16;
  if (rest >= 2) h ^= bytes.charCodeAt(whole + 1) << 8;
  if (rest >= 1) {
    h ^= bytes.charCodeAt(whole);
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * kafkajs's DefaultPartitioner for keyed records (the Java client's: murmur2 of the key, made positive, modulo
 * the topic's partitions), so a visitor's records land on the partition they always did; it also remembers the
 * last key, since the events of one request share theirs. Records without a key or with a partition of their own
 * (we write neither) go to kafkajs's partitioner.
 */
export const keyPartitioner: ICustomPartitioner = () => {
  const fallback = Partitioners.DefaultPartitioner();
  let lastKey: string | undefined;
  let lastPartitions = 0;
  let last = 0;
  return (args) => {
    const { key, partition } = args.message;
    if (typeof key !== 'string' || (partition !== undefined && partition !== null)) return fallback(args);
    const partitions = args.partitionMetadata.length;
    if (key !== lastKey || partitions !== lastPartitions) {
      lastKey = key;
      lastPartitions = partitions;
      last = (murmur2(key) & 0x7fffffff) % partitions;
    }
    return last;
  };
};
