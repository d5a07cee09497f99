/**
 * A small cache of derived tables (filter banks, DCT bases) keyed by their parameters.
 * Keeps the `capacity` most recently built entries, so a long-running process that sees many
 * configurations does not grow without bound.
 *
 * @internal
 */
export class TableCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  /** The entry for `key`, built by `build` when absent. */
  get(key: string, build: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = build();
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
    return value;
  }
}
