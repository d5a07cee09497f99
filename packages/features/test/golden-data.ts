/**
 * Reads the librosa 0.11 golden files (/work/shared/golden, see its README): each JSON is parsed
 * once and cached; matrices become float32 row-major arrays with librosa's orientation.
 */
import { readFileSync } from 'node:fs';
import { goldenPath } from '../../../tools/data';
import type { Matrix } from '../src/matrix';

interface StoredMatrix {
  readonly shape: number[];
  readonly data: number[][] | number[];
}

/** One configuration's reference outputs inside a signal file. */
export interface GoldenConfig {
  readonly params: Record<string, unknown>;
  readonly n_frames: number;
  readonly stft_power_first3: StoredMatrix;
  readonly melspectrogram: StoredMatrix;
  readonly power_to_db: StoredMatrix;
  readonly mfcc: StoredMatrix;
  readonly mfcc_mean: StoredMatrix;
}

/** `resample_chirp_24414_to_22050.json`. */
export interface GoldenResample {
  readonly signal: GoldenSignal['signal'];
  readonly resample: {
    readonly orig_sr: number;
    readonly target_sr: number;
    readonly output: { readonly samples_f32le_b64: string };
    readonly mfcc: StoredMatrix;
    readonly mfcc_mean: StoredMatrix;
  };
}

/** A `<signal>_<rate>.json` file. */
export interface GoldenSignal {
  readonly signal: {
    readonly name: string;
    readonly sr: number;
    readonly samples_f32le_b64: string;
  };
  readonly configs: Record<string, GoldenConfig>;
}

const parsed = new Map<string, unknown>();

/** The parsed golden file `name`, or undefined when the golden folder is absent. */
export function golden<T>(name: string): T | undefined {
  const path = goldenPath(name);
  if (path === undefined) return undefined;
  let value = parsed.get(path);
  if (value === undefined) {
    value = JSON.parse(readFileSync(path, 'utf8'));
    parsed.set(path, value);
  }
  return value as T;
}

/** The exact float32 samples librosa saw. */
export function samplesOf(file: Pick<GoldenSignal, 'signal'>): Float32Array {
  return decodeSamples(file.signal.samples_f32le_b64);
}

/** Base64 of little-endian float32 → samples. */
export function decodeSamples(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(4 * i);
  return out;
}

/** A stored matrix as float32 (exact bits: the decimals are shortest float32 round-trips). */
export function matrixOf(stored: StoredMatrix): Matrix {
  const [rows = 0, cols = 1] = stored.shape;
  const flat = (stored.data as (number[] | number)[]).flat() as number[];
  return { rows, cols, data: Float32Array.from(flat, (x) => Math.fround(x)) };
}

/** Largest |a − b| divided by the largest |b| (0 when both are zero). */
export function worstRatio(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (actual.length !== reference.length)
    throw new Error(`length ${actual.length} ≠ ${reference.length}`);
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < reference.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i]! - reference[i]!));
    maxRef = Math.max(maxRef, Math.abs(reference[i]!));
  }
  return maxRef === 0 ? maxDiff : maxDiff / maxRef;
}

/** The first `cols` columns of a matrix. */
export function leadingColumns(m: Matrix, cols: number): Matrix {
  const data = new Float32Array(m.rows * cols);
  for (let r = 0; r < m.rows; r++)
    data.set(m.data.subarray(r * m.cols, r * m.cols + cols), r * cols);
  return { rows: m.rows, cols, data };
}
