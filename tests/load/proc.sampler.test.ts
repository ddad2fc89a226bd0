import { describe, expect, it } from 'vitest';
import { parseStat, threadGroup } from './proc.sampler.ts';

describe('parseStat', () => {
  it('reads CPU ticks and resident memory after a command name with spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    // priority nice threads itrealvalue starttime vsize rss ...
    const stat =
      '4242 (V8 (Worker) 1) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 7 0 500 1000000 2560 1';
    expect(parseStat(stat)).toEqual({ comm: 'V8 (Worker) 1', cpuTicks: 1290, rssBytes: 2560 * 4096 });
  });
});

describe('threadGroup', () => {
  it('drops the numbering of pooled threads', () => {
    expect(
      [
        'G1 Conc#1',
        'data-plane-kafka-request-handler-3',
        'libuv-worker',
        'QueryPipelineEx',
        'C2 CompilerThre',
      ].map(threadGroup),
    ).toEqual([
      'G1 Conc',
      'data-plane-kafka-request-handler',
      'libuv-worker',
      'QueryPipelineEx',
      'C2 CompilerThre',
    ]);
  });
});
