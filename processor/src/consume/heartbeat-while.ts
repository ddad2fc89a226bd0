/*
 * An insert cannot be taken back once sent. If this member were dropped from the group while its insert ran
 * (no heartbeat for the session timeout), the partition's next owner could look for stored rows before that
 * insert lands and store the same records again under a different block. So the member heart-beats while it
 * waits, and a heartbeat that reports a rebalance is held back until the insert settled: kafkajs rejoins only
 * after every running batch returned, and the coordinator waits for the rejoin up to the rebalance timeout,
 * which the processor sets above the insert's request timeout.
 */

export async function whileHeartbeating<T>(
  work: Promise<T>,
  heartbeat: () => Promise<void>,
  intervalMs: number,
): Promise<T> {
  let heartbeatError: unknown;
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating.then(() =>
      heartbeat().catch((err) => {
        heartbeatError ??= err;
      }),
    );
  }, intervalMs);
  let result: T;
  try {
    result = await work;
  } finally {
    clearInterval(timer);
  }
  await beating;
  if (heartbeatError !== undefined) throw heartbeatError;
  return result;
}
