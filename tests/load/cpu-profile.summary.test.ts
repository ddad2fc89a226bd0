import { describe, expect, it } from 'vitest';
import { type CpuProfile, packageOf, summarizeProfile } from './cpu-profile.summary.ts';

const KAFKAJS = 'file:///repo/node_modules/.pnpm/kafkajs@2.2.4/node_modules/kafkajs/src/protocol/encoder.js';

describe('packageOf', () => {
  it('names dependencies, workspace packages, Node internals and V8 pseudo-frames', () => {
    expect([
      packageOf(KAFKAJS, 'writeInt32'),
      packageOf(
        'file:///repo/node_modules/.pnpm/@fastify+cors@11.4.3/node_modules/@fastify/cors/index.js',
        'x',
      ),
      packageOf('file:///work/main/collector/src/routes/events.route.ts', 'handler'),
      packageOf('node:internal/streams/writable', 'write'),
      packageOf('', '(garbage collector)'),
      packageOf('', 'writev'),
    ]).toEqual(['kafkajs', '@fastify/cors', 'collector', 'node:internal', '(garbage collector)', '(native)']);
  });
});

describe('summarizeProfile', () => {
  it('adds self time per function and package, leaving idle time out of the shares', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        { id: 3, callFrame: { functionName: 'writeInt32', url: KAFKAJS, lineNumber: 9 } },
        { id: 4, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
      ],
      samples: [2, 3, 3, 4, 2],
      timeDeltas: [5_000, 3_000, 3_000, 2_000, 5_000],
    };
    expect(summarizeProfile(profile)).toEqual({
      busyMs: 8,
      idleMs: 10,
      functions: [
        { name: 'writeInt32 kafkajs:encoder.js:10', ms: 6, share: 0.75 },
        { name: '(garbage collector)', ms: 2, share: 0.25 },
      ],
      packages: [
        { name: 'kafkajs', ms: 6, share: 0.75 },
        { name: '(garbage collector)', ms: 2, share: 0.25 },
      ],
    });
  });
});
