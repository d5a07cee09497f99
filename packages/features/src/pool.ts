/**
 * Reusable float32 scratch arrays for intermediate signals that never leave a call (the decoded
 * and resampled audio inside `computeFeatures`). A fresh large typed array costs more than the
 * work done on it — the engine zeroes it and the operating system maps its pages on first
 * touch — so reusing a few buffers speeds up extracting features from many files.
 */

/**
 * Gives a `Float32Array` of `length` values for intermediate number `slot`; the caller writes
 * every value before reading it.
 *
 * @internal
 */
export type Float32Allocator = (length: number, slot: number) => Float32Array;

/**
 * A fresh zeroed array every time (what results handed to callers need).
 *
 * @internal
 */
export const freshFloat32: Float32Allocator = (length) => new Float32Array(length);

/** Buffers longer than this (samples, 8 MB) are not kept. */
const MAX_POOLED_SAMPLES = 1 << 21;
const pool = new Map<number, Float32Array>();

/**
 * A view of length `length` into the buffer kept for `slot` (grown as needed; not zeroed). Only
 * for arrays that do not outlive the current synchronous call and that hold different data per
 * slot: the next call with the same slot reuses the memory.
 *
 * @internal
 */
export const pooledFloat32: Float32Allocator = (length, slot) => {
  if (length > MAX_POOLED_SAMPLES) return new Float32Array(length);
  let buffer = pool.get(slot);
  if (buffer === undefined || buffer.length < length) {
    buffer = new Float32Array(Math.min(MAX_POOLED_SAMPLES, Math.ceil(length * 1.25)));
    pool.set(slot, buffer);
  }
  return buffer.subarray(0, length);
};
