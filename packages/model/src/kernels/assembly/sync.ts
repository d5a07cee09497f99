/**
 * A barrier for tasks whose threads must meet between steps (the shared-memory builds only; a
 * single thread never waits). Its words live in the reserved low memory.
 */

/** Byte address of the barrier's arrival counter (zeroed by the caller before each task). */
export const SYNC: usize = 512;
/** Byte address of the abort word: nonzero once a thread died or gave up waiting. */
export const ABORT: usize = 516;
/** Byte address of the patience word: milliseconds a barrier waits before giving up. */
export const PATIENCE: usize = 520;

/**
 * Waits until all `nt` threads have arrived here `phase` times (phases count from 1). Spins
 * briefly, then sleeps in 1 ms slices. Returns false, without waiting further, once the abort
 * word is set or after the patience runs out (which sets it for everyone).
 */
export function barrier(nt: i32, phase: i32): bool {
  if (!ASC_FEATURE_THREADS || nt <= 1) return true;
  const target = nt * phase;
  if (atomic.add<i32>(SYNC, 1) + 1 >= target) {
    atomic.notify(SYNC, nt);
    return true;
  }
  const patience = <i64>atomic.load<i32>(PATIENCE) * 1_000_000;
  let spins = 0;
  let waited: i64 = 0;
  let seen = atomic.load<i32>(SYNC);
  while (seen < target) {
    if (atomic.load<i32>(ABORT) != 0) return false;
    if (spins < 20_000) {
      spins++;
    } else {
      atomic.wait<i32>(SYNC, seen, 1_000_000);
      waited += 1_000_000;
      if (waited > patience) {
        atomic.store<i32>(ABORT, 1);
        atomic.notify(SYNC, nt);
        return false;
      }
    }
    seen = atomic.load<i32>(SYNC);
  }
  return true;
}
