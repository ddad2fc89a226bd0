/*
 * How the api's commands (keys, offline-cases, release) end: run under `pnpm --filter`, whose own failure report
 * follows, so the one line that names the cause comes first on stderr. Exit code 2 for a refusal (bad usage or
 * input the operator can correct), 1 for anything else (e.g. ClickHouse unreachable).
 */

/** A request the command turns down; `more` lines (e.g. one per problem of a file) follow the first, indented. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly more: readonly string[] = [],
  ) {
    super(message);
  }
}

export async function runCommand(name: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${name}: ${message}\n`);
    if (err instanceof Refusal) for (const line of err.more) process.stderr.write(`  ${line}\n`);
    const usage = (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
    process.exitCode = err instanceof Refusal || usage ? 2 : 1;
  }
}
