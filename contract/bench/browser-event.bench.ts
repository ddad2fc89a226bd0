import { browserEvent, event } from '../src/index.ts';

/*
 * What reading browser events one by one costs the collector: µs per event for the strict canonical schema
 * (what a server batch pays) and for `browserEvent` (coercion, then the strict schema), on the event shapes
 * the SDK sends. `pnpm --filter @godonu/contract bench`; prints the median of 5 rounds per case.
 */

const ROUNDS = 5;
const PARSES = 100_000;

const url = 'https://formulare.giessen.de/hundesteuer/schritt-1';
const step = {
  type: 'form_step',
  id: '1795594256684dz41hetd',
  ts: 1795594256684,
  url,
  service: '99036010000000',
  form: 'hundesteuer',
  step: 1,
  steps: 3,
  stepName: 'halter',
};
const cases: [string, { safeParse(v: unknown): unknown }, unknown][] = [
  ['event (strict), form_step object', event, step],
  ['browserEvent, form_step object', browserEvent, step],
  [
    'browserEvent, form_step compact',
    browserEvent,
    [3, step.id, step.ts, url, step.service, 'hundesteuer', '1', '3', 'halter'],
  ],
  [
    'browserEvent, pageview compact',
    browserEvent,
    [0, step.id, step.ts, url, step.service, 'https://www.giessen.de/'],
  ],
  [
    'browserEvent, custom compact',
    browserEvent,
    [10, step.id, step.ts, url, null, 'suche', { treffer: 3, exakt: true }],
  ],
];

for (const [name, schema, value] of cases) {
  for (let i = 0; i < PARSES; i++) schema.safeParse(value);
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    for (let i = 0; i < PARSES; i++) schema.safeParse(value);
    rounds.push(((performance.now() - started) * 1000) / PARSES);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${name.padEnd(34)} ${(rounds[ROUNDS >> 1] as number).toFixed(2)} µs/event`);
}
