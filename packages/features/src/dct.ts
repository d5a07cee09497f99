import { activeKernels } from './backend';
import { FeatureParameterError } from './errors';
import type { Matrix } from './matrix';
import { checkInteger } from './spectral-frame';
import type { FeatureKernels } from './wasm-kernels';

/**
 * DCT normalisation: `'ortho'` (orthonormal basis, librosa's MFCC default) or `null` (scipy's unnormalised).
 *
 * @example
 * ```ts
 * dctBasis(13, 40, { norm: null }); // scipy.fft.dct(..., norm=None)
 * ```
 */
export type DctNorm = 'ortho' | null;

/**
 * A precomputed transform basis: `rows` output coefficients × `cols` inputs, row-major float64.
 *
 * @example
 * ```ts
 * const basis = dctBasis(13, 40); // first 13 DCT-II ortho coefficients of 40 mel bands
 * const c0Weight = basis.data[0]; // 1/√40
 * ```
 */
export interface DctBasis {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * The first `nOut` rows of the DCT-II of length `n`, as `scipy.fft.dct(type=2)`:
 * `y[k] = f_k · Σₙ x[n]·cos(πk(2n+1)/(2N))` with `f_k = 2` (norm null) or
 * `√(1/N)` for k = 0 and `√(2/N)` otherwise (norm 'ortho'). Float64 for accuracy; angles are
 * reduced exactly (integer arithmetic) before the cosine.
 *
 * @example
 * ```ts
 * const basis = dctBasis(40, 128); // the MFCC basis of the seed pipeline
 * ```
 */
export function dctBasis(
  nOut: number,
  n: number,
  options: { readonly norm?: DctNorm } = {},
): DctBasis {
  checkInteger('nMfcc', nOut, 1);
  checkInteger('n', n, 1);
  if (nOut > n)
    throw new FeatureParameterError('nMfcc', `must be ≤ the transform length ${n}, got ${nOut}`);
  const norm = options.norm === undefined ? 'ortho' : options.norm;
  if (norm !== 'ortho' && norm !== null) {
    throw new FeatureParameterError('norm', `must be 'ortho' or null, got ${String(norm)}`);
  }
  const data = new Float64Array(nOut * n);
  const period = 4 * n;
  for (let k = 0; k < nOut; k++) {
    const scale = norm === null ? 2 : Math.sqrt((k === 0 ? 1 : 2) / n);
    for (let i = 0; i < n; i++) {
      const phase = (k * (2 * i + 1)) % period; // angle = π·phase / (2n), in [0, 2π)
      data[k * n + i] = scale * Math.cos((Math.PI * phase) / (2 * n));
    }
  }
  return { rows: nOut, cols: n, data };
}

/**
 * Applies a DCT-II basis (any row scaling, e.g. liftering) to vectors without allocating.
 * Row `k` of a DCT-II basis is symmetric (`k` even) or antisymmetric (`k` odd) about its
 * middle, so the input is first folded into sums and differences of mirrored entries: half the
 * multiplications of a plain matrix–vector product, float64 throughout.
 *
 * @internal
 */
export class DctKernel {
  declare private readonly basis: DctBasis;
  declare private readonly folded: number;
  declare private readonly sums: Float64Array;
  declare private readonly differences: Float64Array;

  constructor(basis: DctBasis) {
    this.basis = basis;
    this.folded = Math.ceil(basis.cols / 2);
    this.sums = new Float64Array(this.folded);
    this.differences = new Float64Array(this.folded);
  }

  /** `out[k] = Σₘ basis[k, m]·x[m]` for every row `k`. */
  apply(x: ArrayLike<number>, out: Float64Array): void {
    const { sums, differences, folded } = this;
    const { rows, cols: n, data } = this.basis;
    for (let m = 0; m < folded; m++) {
      const a = x[m]!;
      const b = x[n - 1 - m]!;
      if (n - 1 - m === m) {
        sums[m] = a;
        differences[m] = 0;
      } else {
        sums[m] = a + b;
        differences[m] = a - b;
      }
    }
    for (let k = 0; k < rows; k++) {
      const v = k % 2 === 0 ? sums : differences;
      const base = k * n;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let m = 0;
      for (; m + 3 < folded; m += 4) {
        a0 += data[base + m]! * v[m]!;
        a1 += data[base + m + 1]! * v[m + 1]!;
        a2 += data[base + m + 2]! * v[m + 2]!;
        a3 += data[base + m + 3]! * v[m + 3]!;
      }
      for (; m < folded; m++) a0 += data[base + m]! * v[m]!;
      out[k] = a0 + a1 + (a2 + a3);
    }
  }
}

/**
 * `basis · S` on the WebAssembly kernels (float32, four columns per vector; each column's
 * result independent of the others): `nOut × cols` float32, row-major.
 *
 * @internal
 */
export function wasmApplyBasis(
  kernels: FeatureKernels,
  basis: DctBasis,
  data: Float32Array,
  cols: number,
): Float32Array {
  const { rows: nOut, cols: rows } = basis;
  const stride = Math.ceil(cols / 4) * 4;
  kernels.beginCall();
  const weights = kernels.table(basis.data);
  const input = kernels.scratch(4 * rows * stride);
  const out = kernels.scratch(4 * nOut * stride);
  const columns = kernels.f32(input, rows * stride);
  if (stride === cols) columns.set(data);
  else {
    columns.fill(0);
    for (let m = 0; m < rows; m++) columns.set(data.subarray(m * cols, (m + 1) * cols), m * stride);
  }
  kernels.exports.applyBasis(input, rows, stride, weights, nOut, out);
  const result = kernels.f32(out, nOut * stride);
  if (stride === cols) return result.slice();
  const packed = new Float32Array(nOut * cols);
  for (let k = 0; k < nOut; k++)
    packed.set(result.subarray(k * stride, k * stride + cols), k * cols);
  return packed;
}

/**
 * Applies a DCT-II `basis` along the rows (axis −2) of `S`: `out[k, t] = Σₘ basis[k, m]·S[m, t]`,
 * stored float32: accumulated in float64 on the TypeScript backend, in float32 (as scipy's
 * float32 DCT) on the WebAssembly one. `S.rows` must equal `basis.cols`.
 *
 * @internal
 */
export function applyBasis(basis: DctBasis, S: Matrix): Matrix {
  if (S.rows !== basis.cols) {
    throw new FeatureParameterError('S', `has ${S.rows} rows, the basis expects ${basis.cols}`);
  }
  const { rows, cols, data } = S;
  const nOut = basis.rows;
  const kernels = activeKernels();
  if (kernels !== undefined)
    return { rows: nOut, cols, data: wasmApplyBasis(kernels, basis, data, cols) };
  const kernel = new DctKernel(basis);
  const column = new Float64Array(rows);
  const coefficients = new Float64Array(nOut);
  const out = new Float32Array(nOut * cols);
  for (let t = 0; t < cols; t++) {
    for (let m = 0; m < rows; m++) column[m] = data[m * cols + t]!;
    kernel.apply(column, coefficients);
    for (let k = 0; k < nOut; k++) out[k * cols + t] = coefficients[k]!;
  }
  return { rows: nOut, cols, data: out };
}

/**
 * DCT-II along the rows of `S` (axis −2), keeping the first `nOut` coefficients:
 * `scipy.fft.dct(S, axis=-2, type=2, norm)[:nOut]`. Only type 2 is implemented.
 *
 * @example
 * ```ts
 * const cepstrum = dct(logMel, { nOut: 13 }); // 13 × frames
 * ```
 */
export function dct(
  S: Matrix,
  options: { readonly type?: number; readonly norm?: DctNorm; readonly nOut?: number } = {},
): Matrix {
  const type = options.type ?? 2;
  if (type !== 2)
    throw new FeatureParameterError('dctType', `only type 2 is implemented, got ${type}`);
  return applyBasis(
    dctBasis(
      options.nOut ?? S.rows,
      S.rows,
      options.norm === undefined ? {} : { norm: options.norm },
    ),
    S,
  );
}
