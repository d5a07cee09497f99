/**
 * Benchmark: MFCC of a 3 s clip at 22050 Hz (the seed pipeline: librosa defaults, 40
 * coefficients, 130 frames) on each feature backend (pure TypeScript in float64; WebAssembly
 * SIMD in float32), against its floor, the 130 FFTs of 2048 points alone on reused buffers:
 * fft.js's own `realTransform`, our TypeScript {@link RealFft} (a half-size fft.js complex
 * transform plus a split, which the TypeScript MFCC uses), and the WebAssembly kernel (the mel
 * kernel with an empty filter bank: window + FFT + |X|², four frames per f32x4 vector). Also
 * the mel spectrogram, power_to_db, the 16 kHz speech configuration, streaming MFCC and the
 * non-power-of-two (Bluestein) cost. Prints `{ "name": "mfcc", "figures": { … } }` on stdout.
 * Medians of repeated runs after warm-up.
 *
 * Run: `npx tsx packages/features/bench/mfcc.ts`
 */
import FFT from 'fft.js';
import { FLOOR_MEL_BANK, median, speechLikeSignal } from '../../../tools/bench';
import { type FeatureBackend, setFeatureBackend } from '../src/backend';
import { powerToDb } from '../src/db';
import { realFftPlan } from '../src/fft';
import { wasmMelSpectrogram } from '../src/mel-wasm';
import { melspectrogram } from '../src/melspectrogram';
import { mfcc } from '../src/mfcc';
import { resolveStftOptions } from '../src/spectral-frame';
import { powerSpectrogram } from '../src/stft';
import { StreamingMfcc } from '../src/stream';
import { featureKernels } from '../src/wasm-kernels';

const SECONDS = 3;
const RUNS = 51;

/**
 * Median milliseconds of each task over RUNS rounds, after 10 warm-up rounds. The tasks run
 * interleaved (one of each per round), so load from other processes affects all of them alike
 * and their ratios stay meaningful on a busy machine.
 */
function medianMs<K extends string>(tasks: Record<K, () => unknown>): Record<K, number> {
  const names = Object.keys(tasks) as K[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    K,
    number[]
  >;
  for (let round = 0; round < RUNS + 10; round++) {
    for (const name of names) {
      const start = performance.now();
      tasks[name]();
      if (round >= 10) times[name].push(performance.now() - start);
    }
  }
  const medians = {} as Record<K, number>;
  for (const name of names) medians[name] = median(times[name]);
  return medians;
}

/** `frames` fft.js `realTransform`s of `size` points on reused buffers. */
function fftJsReal(size: number, frames: number): () => void {
  const fft = new FFT(size) as { realTransform(out: Float64Array, data: Float64Array): void };
  const frame = Float64Array.from({ length: size }, (_, n) => Math.sin(n * 0.37) * 0.5);
  const out = new Float64Array(2 * size);
  return () => {
    for (let t = 0; t < frames; t++) fft.realTransform(out, frame);
  };
}

/** `frames` {@link RealFft} power spectra of `size` points on reused buffers. */
function ourFft(size: number, frames: number): () => void {
  const plan = realFftPlan(size);
  const frame = Float64Array.from({ length: size }, (_, n) => Math.sin(n * 0.37) * 0.5);
  const out = plan.createOutput();
  return () => {
    for (let t = 0; t < frames; t++) plan.powerSpectrum(frame, out);
  };
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

const y22 = speechLikeSignal(SECONDS, 22050);
const y16 = speechLikeSignal(SECONDS, 16000);
const seed = { sr: 22050, nMfcc: 40 };
const speech = { sr: 16000, nMfcc: 13, nMels: 40, nFft: 512, hopLength: 160, winLength: 400 };
const frames22 = 1 + Math.floor(y22.length / 512);
const frames16 = 1 + Math.floor(y16.length / 160);

const kernels = featureKernels();
if (kernels === undefined) {
  process.stderr.write('mfcc: this engine lacks WebAssembly SIMD\n');
  process.exit(1);
}
const stft2048 = resolveStftOptions({ nFft: 2048, hopLength: 512 });

/** `task` with `backend` selected. */
function on(backend: FeatureBackend, task: () => unknown): () => unknown {
  return () => {
    setFeatureBackend(backend);
    return task();
  };
}

const melMatrix = melspectrogram(y22, { sr: 22050 });
const streamed = () => {
  const stream = new StreamingMfcc({ ...seed, topDb: null });
  for (let i = 0; i < y22.length; i += 512) stream.push(y22.subarray(i, i + 512));
  stream.flush();
};
const m = medianMs({
  mfcc22: on('typescript', () => mfcc(y22, seed)),
  mfcc22Wasm: on('wasm', () => mfcc(y22, seed)),
  fft22: ourFft(2048, frames22),
  fftJs22: fftJsReal(2048, frames22),
  fft22Wasm: () => wasmMelSpectrogram(kernels, y22, stft2048, FLOOR_MEL_BANK, 2, frames22),
  mel22: on('typescript', () => melspectrogram(y22, { sr: 22050 })),
  mel22Wasm: on('wasm', () => melspectrogram(y22, { sr: 22050 })),
  db22: on('typescript', () => powerToDb(melMatrix)),
  db22Wasm: on('wasm', () => powerToDb(melMatrix)),
  power22: () => powerSpectrogram(y22, { hopLength: 512 }),
  streamed: on('typescript', streamed),
  streamedWasm: on('wasm', streamed),
  mfcc16: on('typescript', () => mfcc(y16, speech)),
  mfcc16Wasm: on('wasm', () => mfcc(y16, speech)),
  fft16: ourFft(512, frames16),
  fft512x100: ourFft(512, 100),
  fft400x100: ourFft(400, 100),
});
setFeatureBackend('auto');

process.stdout.write(
  `${JSON.stringify({
    name: 'mfcc',
    title: 'MFCC (librosa-compatible) vs the FFT floor, TypeScript and WebAssembly SIMD backends',
    notes: `3 s clips; 22050 Hz = librosa defaults with nMfcc 40 (${frames22} frames of 2048); 16 kHz = nFft 512, win 400, hop 160, 40 mels, 13 MFCC (${frames16} frames). Keys with "wasm" run on the WebAssembly SIMD backend, the others on TypeScript. The wasm FFT floor is the mel kernel with an empty filter bank (window + FFT + |X|²). librosa 0.11 takes 2.7–9.5 ms for the 22050 Hz MFCC (shared/bench/peers.md).`,
    figures: {
      mfcc_ms_3s_22050: round(m.mfcc22),
      mfcc_ms_3s_22050_wasm: round(m.mfcc22Wasm),
      fft_floor_ms_3s_22050_fftjs_realTransform: round(m.fftJs22),
      fft_floor_ms_3s_22050_ours: round(m.fft22),
      fft_floor_ms_3s_22050_wasm: round(m.fft22Wasm),
      mfcc_over_fftjs_floor_22050: round(m.mfcc22 / m.fftJs22, 2),
      mfcc_over_our_fft_floor_22050: round(m.mfcc22 / m.fft22, 2),
      mfcc_wasm_over_wasm_fft_floor_22050: round(m.mfcc22Wasm / m.fft22Wasm, 2),
      fft_us_per_2048_point_fftjs_realTransform: round((m.fftJs22 / frames22) * 1000, 2),
      fft_us_per_2048_point_ours: round((m.fft22 / frames22) * 1000, 2),
      fft_us_per_2048_point_wasm: round((m.fft22Wasm / frames22) * 1000, 2),
      power_spectrogram_ms_3s_22050: round(m.power22),
      melspectrogram_ms_3s_22050: round(m.mel22),
      melspectrogram_ms_3s_22050_wasm: round(m.mel22Wasm),
      power_to_db_ms_128x130: round(m.db22),
      power_to_db_ms_128x130_wasm: round(m.db22Wasm),
      streaming_mfcc_ms_3s_22050_chunks_512: round(m.streamed),
      streaming_mfcc_ms_3s_22050_chunks_512_wasm: round(m.streamedWasm),
      mfcc_ms_3s_16000_speech: round(m.mfcc16),
      mfcc_ms_3s_16000_speech_wasm: round(m.mfcc16Wasm),
      fft_floor_ms_3s_16000_speech_ours: round(m.fft16),
      mfcc_over_our_fft_floor_16000: round(m.mfcc16 / m.fft16, 2),
      fft_us_per_512_point_ours: round(m.fft512x100 * 10, 2),
      fft_us_per_400_point_ours_bluestein: round(m.fft400x100 * 10, 2),
    },
  })}\n`,
);
