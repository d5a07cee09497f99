/**
 * Sharing a batch's rows among threads by how fast each thread has been lately. The cores of a
 * shared machine are not equally fast at every moment (another tenant's work can slow one core
 * by a third while the other runs at full speed), and an even split then waits for the slow
 * one. The balancer gives each thread rows in proportion to the rows per millisecond it managed
 * in recent calls.
 */

/** Weight of the newest measurement in a thread's running speed. */
const NEWEST = 0.5;

/**
 * Splits batches among threads in proportion to their measured speeds, in whole `quantum`s of
 * rows (the packed products' row panels), and learns the speeds from each call's timings.
 *
 * @example
 * ```ts
 * const balancer = new RowBalancer();
 * const bounds = balancer.split(64, 2); // [0, 32, 64] until it has timings
 * balancer.learn(bounds, [16, 21]);     // thread 1 took longer
 * balancer.split(64, 2);                // [0, 36, 64]
 * ```
 */
export class RowBalancer {
  /** Rows per millisecond, by thread; 0 where not yet measured. */
  private readonly speeds: number[] = [];

  /**
   * Row bounds of `threads` shares of `batch` rows: thread i takes rows [bounds[i],
   * bounds[i + 1]). Every share is a whole number of quanta, at least one, except that the last
   * also takes the rows past the last whole quantum; needs batch ≥ threads · quantum. Even
   * shares until every thread has been timed.
   */
  split(batch: number, threads: number, quantum = 4): number[] {
    const quanta = Math.floor(batch / quantum);
    if (threads < 1 || quanta < threads) {
      throw new RangeError(
        `RowBalancer.split: ${batch} rows cannot give ${threads} threads ${quantum} rows each`,
      );
    }
    const measured = this.speeds.slice(0, threads);
    const weights =
      measured.length === threads && measured.every((speed) => speed > 0)
        ? measured
        : new Array<number>(threads).fill(1);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const bounds = [0];
    let cumulative = 0;
    for (let i = 0; i < threads - 1; i++) {
      cumulative += weights[i] as number;
      const previous = (bounds[i] as number) / quantum;
      const wanted = Math.round((quanta * cumulative) / total);
      const end = Math.min(Math.max(wanted, previous + 1), quanta - (threads - 1 - i));
      bounds.push(end * quantum);
    }
    bounds.push(batch);
    return bounds;
  }

  /**
   * Updates the speeds from a call split by `bounds` in which thread i took `times[i]`
   * milliseconds (no timings: nothing to learn).
   */
  learn(bounds: readonly number[], times: readonly number[] | undefined): void {
    if (times === undefined) return;
    for (let i = 0; i + 1 < bounds.length; i++) {
      const rows = (bounds[i + 1] as number) - (bounds[i] as number);
      const time = times[i];
      if (time === undefined || !(time > 0) || rows <= 0) continue;
      const speed = rows / time;
      const old = this.speeds[i] ?? 0;
      this.speeds[i] = old > 0 ? NEWEST * speed + (1 - NEWEST) * old : speed;
    }
  }
}
