import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportTimeZoneProblem, watchReportTimeZone } from './report-time-zone.ts';

describe('reportTimeZoneProblem', () => {
  it('accepts the recorded zone and a warehouse without a record', () => {
    expect(reportTimeZoneProblem('Europe/Berlin', 'Europe/Berlin')).toBeUndefined();
    expect(reportTimeZoneProblem(undefined, 'Europe/Berlin')).toBeUndefined();
    expect(reportTimeZoneProblem('UTC', 'Europe/Berlin')).toMatch(
      /^the warehouse's report days are calendar days in UTC/,
    );
  });
});

describe('watchReportTimeZone', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function watch(answers: (string | undefined | Error)[]) {
    const lines: string[] = [];
    const mismatches: string[] = [];
    let reads = 0;
    const started = watchReportTimeZone({
      zone: 'Europe/Berlin',
      read: async () => {
        const answer = answers[Math.min(reads++, answers.length - 1)];
        if (answer instanceof Error) throw answer;
        return answer;
      },
      everyMs: 60_000,
      log: {
        info: (_obj, msg) => lines.push(`info ${msg}`),
        warn: (_obj, msg) => lines.push(`warn ${msg}`),
      },
      onMismatch: (err) => mismatches.push(err.message),
    });
    return { started, lines, mismatches, reads: () => reads };
  }

  it('resolves at once when the recorded zone is its own, and checks no more', async () => {
    vi.useFakeTimers();
    const w = watch(['Europe/Berlin']);
    await w.started;
    await vi.advanceTimersByTimeAsync(600_000);
    expect(w.reads()).toBe(1);
    expect(w.lines).toEqual(['info report time zone agrees with the warehouse']);
  });

  it('refuses to start when another zone is recorded', async () => {
    await expect(watch(['Europe/Lisbon']).started).rejects.toThrow(
      new Error(
        "the warehouse's report days are calendar days in Europe/Lisbon (warehouse_settings), but " +
          'REPORT_TIME_ZONE is Europe/Berlin: every service of one warehouse must count days in its zone',
      ),
    );
  });

  it('starts on a warehouse without a record or without an answer, and checks again until a record appears', async () => {
    vi.useFakeTimers();
    const w = watch([new Error('connect ECONNREFUSED'), undefined, undefined, 'Europe/Berlin']);
    await w.started;
    expect(w.lines).toEqual([
      'warn the report time zone recorded in the warehouse could not be read; checking again',
    ]);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(w.reads()).toBe(1);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(w.reads()).toBe(4);
    expect(w.lines.at(-1)).toBe('info report time zone agrees with the warehouse');
    expect(w.mismatches).toEqual([]);
  });

  it('reports a zone recorded later that differs from its own', async () => {
    vi.useFakeTimers();
    const w = watch([undefined, 'UTC']);
    await w.started;
    expect(w.lines).toEqual([
      'info no report time zone recorded in the warehouse yet (the processor records it at its first start); checking again',
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.mismatches).toEqual([
      "the warehouse's report days are calendar days in UTC (warehouse_settings), but REPORT_TIME_ZONE is " +
        'Europe/Berlin: every service of one warehouse must count days in its zone',
    ]);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(w.reads()).toBe(2);
  });

  it('checks no more once ended', async () => {
    vi.useFakeTimers();
    const w = watch([undefined]);
    const end = await w.started;
    end();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(w.reads()).toBe(1);
  });
});
