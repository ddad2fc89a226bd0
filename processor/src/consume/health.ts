export type Problem = 'clickhouse_failing' | 'dead_letter_failing' | 'consumer_stopped';

/** What `/healthz` reports: the problems present right now. */
export class Health {
  private readonly problems = new Set<Problem>();

  set(problem: Problem, present: boolean): void {
    if (present) this.problems.add(problem);
    else this.problems.delete(problem);
  }

  current(): Problem[] {
    return [...this.problems].sort();
  }
}
