import type { IHeaders, Producer } from 'kafkajs';
import type { DeadLetterReason } from '../steps/step.ts';

export interface DeadLetter {
  key: Buffer | null;
  /** The record's bytes exactly as they were read. */
  value: Buffer | null;
  reason: DeadLetterReason;
  detail?: string;
  source: { topic: string; partition: number; offset: string };
}

/** Resolves once every record is acknowledged by all in-sync replicas; the caller commits nothing before. */
export type WriteDeadLetters = (letters: DeadLetter[]) => Promise<void>;

export const DEAD_LETTER_HEADERS = {
  reason: 'godonu-reason',
  detail: 'godonu-detail',
  source: 'godonu-source',
} as const;

export function kafkaDeadLetters(producer: Producer, topic: string): WriteDeadLetters {
  return async (letters) => {
    if (letters.length === 0) return;
    await producer.send({
      topic,
      acks: -1,
      messages: letters.map((l) => {
        const headers: IHeaders = {
          [DEAD_LETTER_HEADERS.reason]: l.reason,
          [DEAD_LETTER_HEADERS.source]: `${l.source.topic}/${l.source.partition}/${l.source.offset}`,
        };
        if (l.detail) headers[DEAD_LETTER_HEADERS.detail] = l.detail;
        return { key: l.key, value: l.value, headers };
      }),
    });
  };
}
