/**
 * Mel spectrogram frames on the WebAssembly SIMD kernels: window, real FFT, |X|^power and the
 * sparse filter bank in single precision, four frames at a time. Each frame's numbers do not
 * depend on its neighbours, so streaming (one frame per call) gives exactly the offline values.
 */
import type { MelFilterBank } from './mel';
import { paddedSample } from './pad';
import { frameStart, type ResolvedStft } from './spectral-frame';
import { type FeatureKernels, realFftTables } from './wasm-kernels';

/**
 * Whether the kernels compute this configuration (`nFft` a power of two ≥ 8, power 1 or 2).
 *
 * @internal
 */
export function wasmMelSupported(stft: ResolvedStft, power: number): boolean {
  const n = stft.nFft;
  return n >= 8 && (n & (n - 1)) === 0 && (power === 1 || power === 2);
}

/**
 * Runs the kernel over `frames` frames of a signal of `length` samples that `fill` writes
 * (frame t starts at sample t·hop), returning the `nMels × frames` band values row-major.
 */
function melFrames(
  kernels: FeatureKernels,
  stft: ResolvedStft,
  bank: MelFilterBank,
  power: number,
  frames: number,
  length: number,
  fill: (signal: Float32Array) => void,
): Float32Array {
  const { nFft, hopLength } = stft;
  const stride = Math.ceil(frames / 4) * 4;
  kernels.beginCall();
  const { twiddles, split } = realFftTables(nFft);
  const window = kernels.table(stft.window);
  const twiddleAddress = kernels.table(twiddles);
  const splitAddress = kernels.table(split);
  const firstBin = kernels.table(bank.firstBin);
  const offsets = kernels.table(bank.offsets);
  const weights = kernels.table(bank.weights);
  const signal = kernels.scratch(4 * length);
  const out = kernels.scratch(4 * bank.nMels * stride);
  const work = kernels.scratch(32 * nFft + 16 * (nFft / 2 + 1));
  fill(kernels.f32(signal, length));
  kernels.exports.melFrames(
    signal,
    hopLength,
    frames,
    nFft,
    window,
    twiddleAddress,
    splitAddress,
    firstBin,
    offsets,
    weights,
    bank.nMels,
    power,
    out,
    stride,
    work,
  );
  const bands = kernels.f32(out, bank.nMels * stride);
  if (stride === frames) return bands.slice();
  const result = new Float32Array(bank.nMels * frames);
  for (let m = 0; m < bank.nMels; m++)
    result.set(bands.subarray(m * stride, m * stride + frames), m * frames);
  return result;
}

/**
 * The mel spectrogram `W·|stft(y)|^power` of `cols` frames as float32 `nMels × cols`, row-major
 * (see {@link wasmMelSupported}; padding as `stft.padMode`).
 *
 * @internal
 */
export function wasmMelSpectrogram(
  kernels: FeatureKernels,
  y: Float32Array,
  stft: ResolvedStft,
  bank: MelFilterBank,
  power: number,
  cols: number,
): Float32Array {
  const first = frameStart(stft, 0);
  const length = (cols - 1) * stft.hopLength + stft.nFft;
  return melFrames(kernels, stft, bank, power, cols, length, (signal) => {
    // signal[i] = y[first + i], padded outside y.
    const inside = Math.max(0, -first);
    const end = Math.max(inside, Math.min(length, y.length - first));
    for (let i = 0; i < inside; i++) signal[i] = paddedSample(y, first + i, stft.padMode);
    signal.set(y.subarray(first + inside, first + end), inside);
    for (let i = end; i < length; i++) signal[i] = paddedSample(y, first + i, stft.padMode);
  });
}

/**
 * The mel bands of the single frame `samples[start .. start + nFft)` into `out` (float32).
 *
 * @internal
 */
export function wasmMelFrame(
  kernels: FeatureKernels,
  samples: Float32Array,
  start: number,
  stft: ResolvedStft,
  bank: MelFilterBank,
  power: number,
  out: Float32Array,
): void {
  out.set(
    melFrames(kernels, stft, bank, power, 1, stft.nFft, (signal) =>
      signal.set(samples.subarray(start, start + stft.nFft)),
    ),
  );
}
