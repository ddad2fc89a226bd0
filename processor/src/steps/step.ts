import type { CityConfig, CollectedEvent } from '@godonu/contract';
import type { Channel, DerivedFields } from '@godonu/warehouse';

/** Records dropped on purpose: counted by reason, never stored, never dead-lettered. */
export const DROP_REASONS = ['duplicate_event', 'foreign_host'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Records that cannot be processed: written to the dead-letter topic with their raw bytes and this reason. */
export const DEAD_LETTER_REASONS = [
  'invalid_json',
  'contract_violation',
  'unknown_site',
  'invalid_url',
  'invalid_time',
  'salt_day_mismatch',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

export type StepResult =
  | { kind: 'ok' }
  | { kind: 'drop'; reason: DropReason }
  | { kind: 'dead_letter'; reason: DeadLetterReason; detail?: string };

export const OK: StepResult = Object.freeze({ kind: 'ok' });
export const drop = (reason: DropReason): StepResult => ({ kind: 'drop', reason });
export const deadLetter = (reason: DeadLetterReason, detail?: string): StepResult =>
  detail === undefined ? { kind: 'dead_letter', reason } : { kind: 'dead_letter', reason, detail };

/** One record on its way through the steps; each step reads what earlier ones set and fills its own fields. */
export interface EventContext {
  readonly record: CollectedEvent;
  /** Set by the site step. */
  city: CityConfig;
  /** The page path as received (decoded, before templating): what the city's service rules match. */
  rawPath: string;
  /** This event's own channel; the session step turns it into the visit's channel. */
  eventChannel: Channel;
  /** Everything the row needs besides the record; defaults until the owning step runs. */
  derived: DerivedFields;
}

export interface Step {
  readonly name: string;
  run(ctx: EventContext): StepResult;
}
