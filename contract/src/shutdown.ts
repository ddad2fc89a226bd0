/*
 * How every service stops: on SIGTERM or SIGINT (an orchestrator, Ctrl-C), once, it runs its stop steps in their
 * order within a deadline and exits, 0 when every step finished and 1 otherwise.
 */

/** The part of a pino logger this needs; pino's `Logger` is one. */
export interface ShutdownLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * Runs the steps in order, each bounded by what is left of the deadline, and carries on past a step that fails
 * or hangs (an unreachable Kafka must not keep the process alive). Returns the names of the steps that finished.
 */
export async function runShutdown(
  steps: readonly ShutdownStep[],
  timeoutMs: number,
  logger: ShutdownLogger,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const finished: string[] = [];
  for (const step of steps) {
    const left = Math.max(0, deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      // A step that throws synchronously fails like one that rejects.
      Promise.resolve()
        .then(step.run)
        .then(
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

/** The signals that ask a service to stop. */
export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export interface ShutdownOptions {
  /** Names the log lines: `<service> shutting down`, `<service> stopped`. */
  service: string;
  logger: ShutdownLogger;
  /** The stop steps, in order (the process exits after the last). */
  steps: readonly ShutdownStep[];
  /** Bound of the whole shutdown: a step still running then is abandoned. */
  timeoutMs: number;
  /** Where the signals come from and how the process ends; the process itself unless a test hands in others. */
  signals?: { on(signal: (typeof SHUTDOWN_SIGNALS)[number], listener: () => void): unknown };
  exit?: (code: number) => void;
}

export interface ServiceShutdown {
  /**
   * Stops the service as a signal would, for a reason of its own (`failed`: exit 1 whatever the steps did). Every
   * call after the first, and every later signal, joins the shutdown in progress.
   */
  stop(reason: string, failed?: boolean): Promise<void>;
}

/**
 * Installs the service's one signal handler. A second signal does not cut the shutdown short: the deadline
 * already bounds it.
 */
export function stopOnSignals(options: ShutdownOptions): ServiceShutdown {
  const { service, logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping: Promise<void> | undefined;
  const stop = (reason: string, failed = false): Promise<void> => {
    if (stopping) {
      logger.info({ reason }, `${service} is already shutting down`);
      return stopping;
    }
    stopping = (async () => {
      logger.info({ reason }, `${service} shutting down`);
      const steps = await runShutdown(options.steps, options.timeoutMs, logger);
      const unfinished = options.steps.map((s) => s.name).filter((name) => !steps.includes(name));
      const exitCode = failed || unfinished.length > 0 ? 1 : 0;
      if (unfinished.length > 0) logger.warn({ steps, unfinished, exitCode }, `${service} stopped`);
      else logger.info({ steps, exitCode }, `${service} stopped`);
      exit(exitCode);
    })();
    return stopping;
  };
  for (const signal of SHUTDOWN_SIGNALS) (options.signals ?? process).on(signal, () => void stop(signal));
  return { stop };
}
