/** How the batch handler waits while ClickHouse or the dead-letter topic fails. */
export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
}

export interface RetryHooks {
  /** Keeps the group membership alive while waiting. */
  heartbeat: () => Promise<void>;
  /** True when the batch must be abandoned: shutdown, or the partition was revoked or sought. */
  shouldStop: () => boolean;
  onFailure: (err: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Sleeps in slices of at most this, so a heartbeat or a shutdown is never late by more. */
const SLICE_MS = 1_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` until it succeeds, with exponential backoff (full jitter off: the delays are predictable in logs
 * and tests). Returns false, without having succeeded, if `shouldStop` turns true.
 */
export async function retryUntilDone(
  work: () => Promise<void>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<boolean> {
  const sleep = hooks.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    if (hooks.shouldStop()) return false;
    try {
      await work();
      return true;
    } catch (err) {
      const delay = Math.min(policy.maxMs, policy.initialMs * 2 ** (attempt - 1));
      hooks.onFailure(err, attempt, delay);
      for (let waited = 0; waited < delay; waited += SLICE_MS) {
        if (hooks.shouldStop()) return false;
        await sleep(Math.min(SLICE_MS, delay - waited));
        await hooks.heartbeat();
      }
    }
  }
}
