import { activeKernels } from './backend';
import { FeatureParameterError } from './errors';
import type { Matrix } from './matrix';
import type { FeatureKernels } from './wasm-kernels';

/**
 * Options of {@link powerToDb}, librosa's `power_to_db` parameters.
 *
 * @example
 * ```ts
 * const options: PowerToDbOptions = { ref: 'max', topDb: null };
 * ```
 */
export interface PowerToDbOptions {
  /** Reference power (0 dB): a number (its absolute value is used; default 1) or `'max'` (the matrix's maximum). */
  readonly ref?: number | 'max';
  /** Floor applied to powers (and the reference) before the logarithm; default 1e-10. */
  readonly amin?: number;
  /** Clamp everything to at least `(max dB) − topDb`; default 80; `null` disables the clamp. */
  readonly topDb?: number | null;
}

/**
 * {@link PowerToDbOptions} checked, with defaults.
 *
 * @internal
 */
export interface ResolvedPowerToDb {
  readonly amin: number;
  readonly topDb: number | null;
}

/**
 * Validates `amin` and `topDb` (the reference is resolved per matrix).
 *
 * @internal
 */
export function resolvePowerToDb(options: PowerToDbOptions): ResolvedPowerToDb {
  const amin = options.amin ?? 1e-10;
  if (!(amin > 0))
    throw new FeatureParameterError('amin', `must be strictly positive, got ${amin}`);
  const topDb = options.topDb === undefined ? 80 : options.topDb;
  if (topDb !== null && !(topDb >= 0)) {
    throw new FeatureParameterError('topDb', `must be non-negative or null, got ${topDb}`);
  }
  return { amin, topDb };
}

/** `10·log10(x) = DB_PER_NEPER·ln(x)`: `Math.log` is about twice as fast as `Math.log10` in V8. */
const DB_PER_NEPER = 10 / Math.LN10;

/** The smallest positive normal float32: the WebAssembly logarithm's domain starts there. */
const FLOAT32_MIN_NORMAL = 2 ** -126;

/** {@link decibelsInto} on the WebAssembly kernels (float32 logarithm). */
function wasmDecibelsInto(
  kernels: FeatureKernels,
  source: Float32Array,
  target: Float32Array,
  refDb: number,
  amin: number,
): number {
  const vectors = Math.ceil(source.length / 4);
  kernels.beginCall();
  const address = kernels.scratch(16 * vectors);
  const values = kernels.f32(address, 4 * vectors);
  values.set(source);
  // Padding lanes at the floor: their result is the smallest possible, never the maximum.
  values.fill(amin, source.length);
  const max = kernels.exports.powerToDb(address, vectors, amin, refDb, DB_PER_NEPER);
  target.set(values.subarray(0, source.length));
  return max;
}

/**
 * Writes `10·log10(max(amin, s)) − refDb` of every `source` value into `target` (which may be
 * `source` itself) and returns the largest result (−∞ when empty): float64 arithmetic on the
 * TypeScript backend, a float32 logarithm on the WebAssembly one; float32 storage.
 *
 * @internal
 */
export function decibelsInto(
  source: Float32Array,
  target: Float32Array,
  refDb: number,
  amin: number,
): number {
  const kernels = activeKernels();
  if (kernels !== undefined && amin >= FLOAT32_MIN_NORMAL && amin < 3e38)
    return wasmDecibelsInto(kernels, source, target, refDb, amin);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < source.length; i++) {
    const db = DB_PER_NEPER * Math.log(Math.max(source[i]!, amin)) - refDb;
    target[i] = db;
    if (db > max) max = db;
  }
  return max;
}

/**
 * Writes `10·log10(max(amin, s)) − refDb` of every `source` value into `target` (which may be
 * `source` itself), then clamps at the largest result minus `topDb` (see {@link decibelsInto}).
 *
 * @internal
 */
export function powerToDbInto(
  source: Float32Array,
  target: Float32Array,
  refDb: number,
  options: ResolvedPowerToDb,
): void {
  const { amin, topDb } = options;
  const max = decibelsInto(source, target, refDb, amin);
  if (topDb === null) return;
  const floor = Math.fround(Math.fround(max) - topDb);
  for (let i = 0; i < target.length; i++) if (target[i]! < floor) target[i] = floor;
}

/**
 * Power spectrogram → decibels, as `librosa.power_to_db` (0.11):
 * `10·log10(max(amin, S)) − 10·log10(max(amin, |ref|))`, then clamped from below at the
 * maximum of the **whole matrix** minus `topDb`.
 *
 * @example
 * ```ts
 * const logMel = powerToDb(melspectrogram(y)); // dB re 1, floor at max − 80 dB
 * const relative = powerToDb(S, { ref: 'max' }); // 0 dB at the loudest cell
 * ```
 */
export function powerToDb(S: Matrix, options: PowerToDbOptions = {}): Matrix {
  const resolved = resolvePowerToDb(options);
  const data = new Float32Array(S.data.length);
  powerToDbInto(S.data, data, referenceDb(S.data, options.ref ?? 1, resolved.amin), resolved);
  return { rows: S.rows, cols: S.cols, data };
}

/**
 * `10·log10(max(amin, |ref|))`, with `'max'` meaning the largest value of `powers`.
 *
 * @internal
 */
export function referenceDb(powers: Float32Array, ref: number | 'max', amin: number): number {
  let refValue: number;
  if (ref === 'max') {
    refValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < powers.length; i++) if (powers[i]! > refValue) refValue = powers[i]!;
  } else if (typeof ref === 'number' && Number.isFinite(ref)) {
    refValue = Math.abs(ref);
  } else {
    throw new FeatureParameterError('ref', `must be a finite number or 'max', got ${String(ref)}`);
  }
  return 10 * Math.log10(Math.max(amin, refValue));
}
