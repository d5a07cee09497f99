import { activeKernels } from './backend';
import { FeatureParameterError } from './errors';
import { isMatrix, type Matrix } from './matrix';
import {
  applyMelFilterBank,
  type MelFilterBank,
  type MelFilterBankOptions,
  melFilterBank,
  resolveMelOptions,
} from './mel';
import { wasmMelSpectrogram, wasmMelSupported } from './mel-wasm';
import { TableCache } from './memo';
import {
  checkPower,
  checkSignal,
  frameCount,
  frameStart,
  resolveStftOptions,
  sharedSpectralFrame,
} from './spectral-frame';
import type { PowerSpectrogramOptions } from './stft';

/**
 * Options of `librosa.feature.melspectrogram`: the STFT's, the exponent and the filter bank's.
 * Defaults as librosa: `sr` 22050, `nFft` 2048, `hopLength` 512, `power` 2, 128 Slaney bands.
 *
 * @example
 * ```ts
 * const speech: MelSpectrogramOptions = { sr: 16000, nFft: 512, hopLength: 160, winLength: 400, nMels: 40 };
 * ```
 */
export interface MelSpectrogramOptions
  extends PowerSpectrogramOptions,
    Omit<MelFilterBankOptions, 'sr' | 'nFft'> {
  /** Sample rate in Hz; default 22050. */
  readonly sr?: number;
}

const banks = new TableCache<MelFilterBank>(16);

/**
 * The filter bank for these options, shared between calls (never modify it).
 *
 * @internal
 */
export function sharedMelFilterBank(
  options: Parameters<typeof resolveMelOptions>[0],
): MelFilterBank {
  const resolved = resolveMelOptions(options);
  return banks.get(JSON.stringify(resolved), () => melFilterBank(resolved));
}

/** `nFft` of a spectrogram with `rows` bins: the given one when consistent, else `2·(rows − 1)` as librosa. */
function nFftOfSpectrogram(rows: number, nFft: number | undefined): number {
  if (nFft === undefined) return 2 * (rows - 1);
  if (Math.floor(nFft / 2) + 1 !== rows) {
    throw new FeatureParameterError('nFft', `${nFft} does not match a spectrogram of ${rows} bins`);
  }
  return nFft;
}

/**
 * Mel spectrogram, as `librosa.feature.melspectrogram` (0.11): `M = W·|stft(y)|^power` with the
 * {@link melFilterBank} `W`, or `W·S` for a precomputed power spectrogram `S` (a {@link Matrix}
 * of `1 + nFft/2` rows; `nFft` then defaults to `2·(rows − 1)`). From audio, each frame goes
 * straight from FFT to mel bands (no spectrogram is stored) and only non-zero weights are
 * multiplied. Returns float32 `(nMels, frames)`: accumulated in float64 on the TypeScript
 * backend, in float32 (as librosa) on the WebAssembly one (see `setFeatureBackend`).
 *
 * @example
 * ```ts
 * const M = melspectrogram(y, { sr: 22050 }); // 128 × (1 + ⌊y.length/512⌋)
 * const M2 = melspectrogram(powerSpectrogram(y), { sr: 22050 }); // same values
 * ```
 */
export function melspectrogram(
  input: Float32Array | Matrix,
  options: MelSpectrogramOptions = {},
): Matrix {
  const sr = options.sr ?? 22050;
  const melOptions = {
    sr,
    nMels: options.nMels,
    fmin: options.fmin,
    fmax: options.fmax,
    htk: options.htk,
    norm: options.norm,
  };
  if (!(input instanceof Float32Array)) {
    if (!isMatrix(input)) {
      throw new FeatureParameterError(
        'y',
        'must be a Float32Array of samples or a power spectrogram Matrix',
      );
    }
    const nFft = nFftOfSpectrogram(input.rows, options.nFft);
    const bank = sharedMelFilterBank({ ...melOptions, nFft });
    const { cols } = input;
    const out = new Float32Array(bank.nMels * cols);
    const column = new Float64Array(input.rows);
    const bands = new Float64Array(bank.nMels);
    for (let t = 0; t < cols; t++) {
      for (let k = 0; k < input.rows; k++) column[k] = input.data[k * cols + t]!;
      applyMelFilterBank(bank, column, bands);
      for (let m = 0; m < bank.nMels; m++) out[m * cols + t] = bands[m]!;
    }
    return { rows: bank.nMels, cols, data: out };
  }
  const power = options.power ?? 2;
  checkPower(power);
  const config = resolveStftOptions({ ...options, hopLength: options.hopLength ?? 512 });
  const bank = sharedMelFilterBank({ ...melOptions, nFft: config.nFft });
  checkSignal(input, config.center, config.padMode);
  const cols = frameCount(input.length, config.nFft, config.hopLength, config.center);
  const kernels = activeKernels();
  if (kernels !== undefined && wasmMelSupported(config, power)) {
    const data = wasmMelSpectrogram(kernels, input, config, bank, power, cols);
    return { rows: bank.nMels, cols, data };
  }
  const frame = sharedSpectralFrame(config);
  const spectrum = new Float64Array(frame.bins);
  const bands = new Float64Array(bank.nMels);
  const out = new Float32Array(bank.nMels * cols);
  for (let t = 0; t < cols; t++) {
    frame.power(input, frameStart(config, t), power, spectrum);
    applyMelFilterBank(bank, spectrum, bands);
    for (let m = 0; m < bank.nMels; m++) out[m * cols + t] = bands[m]!;
  }
  return { rows: bank.nMels, cols, data: out };
}
