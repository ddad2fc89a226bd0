import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * Runs the steps in order, each bounded by what is left of the deadline, and carries on past a step that fails
 * or hangs (an unreachable Kafka must not keep the process alive). Returns the names of the steps that finished.
 */
export async function runShutdown(
  steps: ShutdownStep[],
  timeoutMs: number,
  logger: Logger,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const finished: string[] = [];
  for (const step of steps) {
    const left = Math.max(0, deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      step.run().then(
        () => 'done' as const,
        (err: unknown) => {
          logger.warn({ err, step: step.name }, 'shutdown step failed');
          return 'failed' as const;
        },
      ),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), left);
      }),
    ]);
    clearTimeout(timer);
    if (outcome === 'done') finished.push(step.name);
    if (outcome === 'timeout') logger.warn({ step: step.name }, 'shutdown step timed out');
  }
  return finished;
}
