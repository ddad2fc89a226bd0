import { type CollectedEvent, collectedEvent } from '@godonu/contract';
import type { DeadLetterReason } from './step.ts';

export type Decoded =
  | { kind: 'ok'; record: CollectedEvent }
  | { kind: 'dead_letter'; reason: DeadLetterReason; detail: string };

/**
 * Re-validates every record with the contract: the collector validated it too, but the topic is the boundary
 * between two deployments. The detail names the failing paths and codes only, never a value.
 */
export function decodeRecord(value: Buffer | null): Decoded {
  if (value === null) return { kind: 'dead_letter', reason: 'invalid_json', detail: 'empty record' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { kind: 'dead_letter', reason: 'invalid_json', detail: 'not JSON' };
  }
  const parsed = collectedEvent.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`)
      .join('; ');
    return { kind: 'dead_letter', reason: 'contract_violation', detail };
  }
  return { kind: 'ok', record: parsed.data };
}
