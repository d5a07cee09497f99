/**
 * Seeded pseudo-random numbers for shuffling and augmentation, so that a training run with a
 * seed can be repeated exactly. (TensorFlow.js keeps its own seeded generator internal.)
 */

/**
 * A source of uniform random numbers in `[0, 1)`.
 *
 * @example
 * ```ts
 * const random: Random = createRandom(7);
 * ```
 */
export type Random = () => number;

/**
 * A fast 32-bit generator (mulberry32) started from `seed`; without a seed it draws from
 * `Math.random`.
 *
 * @example
 * ```ts
 * const random = createRandom(42);
 * const firstDraw = random(); // the same number on every run
 * ```
 */
export function createRandom(seed?: number): Random {
  if (seed === undefined) return Math.random;
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A standard normal draw (Box–Muller) from a uniform source.
 *
 * @example
 * ```ts
 * const noise = normalRandom(createRandom(1)) * 0.1;
 * ```
 */
export function normalRandom(random: Random): number {
  let u = random();
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Shuffles `items` in place (Fisher–Yates) and returns it.
 *
 * @example
 * ```ts
 * const order = shuffleInPlace([0, 1, 2, 3], createRandom(7));
 * ```
 */
export function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
  return items;
}
