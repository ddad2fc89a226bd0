import type { EventMessage } from '../ingest/to-record.ts';

/**
 * One write's messages as one string for the producer thread: copying a single string between threads costs a
 * fraction of cloning thousands of small objects. Lines are key, timestamp, value, repeated. None of them can
 * hold a line break: keys are `site:visitor` (a site key and hex), timestamps are digits, and values are
 * `JSON.stringify` output, which escapes every control character.
 */
export function encodeMessages(messages: readonly EventMessage[]): string {
  let text = '';
  for (const m of messages) text += `${m.key}\n${m.timestamp}\n${m.value}\n`;
  return text;
}

export function decodeMessages(text: string): EventMessage[] {
  const lines = text.split('\n');
  const messages: EventMessage[] = [];
  for (let i = 0; i + 2 < lines.length; i += 3) {
    messages.push({
      key: lines[i] as string,
      timestamp: lines[i + 1] as string,
      value: lines[i + 2] as string,
    });
  }
  return messages;
}
