/**
 * Benchmark: single-thread throughput of the seed pipeline over the RAVDESS files in the shared
 * data folder (`ravdess-24k`: 960 WAVs, 24 kHz 16-bit mono), on each feature backend (pure
 * TypeScript, and the WebAssembly SIMD kernels that `'auto'` picks). Per file: read the file,
 * decode the WAV, cut `offset` 0.5 s / `duration` 3 s at the native rate, resample to 22050 Hz
 * (soxr HQ), 40 MFCC (librosa defaults) and the mean over frames — {@link seedFeatures}. After
 * one warm-up pass, whole passes over all files are timed (files/s); separately, each stage is
 * timed on the same files (read+decode, resample, MFCC mean), and the FFT floor of one 3 s clip
 * (its 130 real transforms of 2048 points alone, with |X|²: our TypeScript {@link RealFft},
 * fft.js's `realTransform`, and the WebAssembly kernel — the mel kernel with an empty filter
 * bank, i.e. window + FFT + |X|²) is set against the full MFCC of that clip. Passes and stage
 * rounds of both backends are interleaved, so load from other processes hits them alike. Every
 * figure is measured twice: wall-clock time, and this process's CPU time (`process.cpuUsage`),
 * which does not count time spent descheduled and so stays comparable on a busy shared machine.
 * Prints `{ "name": "seed-pipeline", "title": …, "figures": { … } }` as the last stdout line.
 *
 * Run: `npx tsx packages/features/bench/seed-pipeline.ts` (data folder: `SER_DATA_DIR` or
 * `../shared/data` beside the repository).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import FFT from 'fft.js';
import { FLOOR_MEL_BANK, median, speechLikeSignal } from '../../../tools/bench';
import { dataPath } from '../../../tools/data';
import { setFeatureBackend } from '../src/backend';
import { realFftPlan } from '../src/fft';
import { loadAudio } from '../src/load';
import { wasmMelSpectrogram } from '../src/mel-wasm';
import { mfcc, mfccMean } from '../src/mfcc';
import { seedFeatures } from '../src/presets';
import { Resampler } from '../src/resample';
import { resolveStftOptions } from '../src/spectral-frame';
import { featureKernels } from '../src/wasm-kernels';

const PASSES = 3;
const SR = 22050;
const FRAMES = 1 + Math.floor((3 * SR) / 512);
const BACKENDS = ['typescript', 'wasm'] as const;
type Backend = (typeof BACKENDS)[number];

const corpus = dataPath('ravdess-24k');
if (corpus === undefined) {
  process.stderr.write(
    'seed-pipeline: no ravdess-24k folder in the data folder (set SER_DATA_DIR)\n',
  );
  process.exit(1);
}
const kernels = featureKernels();
if (kernels === undefined) {
  process.stderr.write('seed-pipeline: this engine lacks WebAssembly SIMD\n');
  process.exit(1);
}

/** Every `.wav` under `dir`, sorted. */
function wavFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...wavFiles(path));
    else if (name.toLowerCase().endsWith('.wav')) found.push(path);
  }
  return found;
}

const files = wavFiles(corpus);
const now = (): number => performance.now();
/** CPU time (user + system) of this process in ms. */
const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** Checksum of results, so no stage can be optimised away and runs can be compared. */
let checksum = 0;

/** One pass of the whole pipeline over every file; returns wall and CPU seconds. */
function pipelinePass(): { wall: number; cpu: number } {
  const start = now();
  const cpuStart = cpuNow();
  for (const path of files) checksum += seedFeatures(readFileSync(path), path).data[0]!;
  return { wall: (now() - start) / 1000, cpu: (cpuNow() - cpuStart) / 1000 };
}

interface Stages {
  readonly decode: number;
  readonly resample: number;
  readonly mfcc: number;
}

/** One pass timing each stage separately (CPU time); returns the mean ms per file of each. */
function stagePass(): Stages {
  let decode = 0;
  let resampling = 0;
  let cepstrum = 0;
  for (const path of files) {
    let t = cpuNow();
    const { samples, sampleRate } = loadAudio(readFileSync(path), {
      sr: null,
      offset: 0.5,
      duration: 3,
      source: path,
    });
    decode += cpuNow() - t;
    t = cpuNow();
    const y = new Resampler(sampleRate, SR).process(samples);
    resampling += cpuNow() - t;
    t = cpuNow();
    checksum += mfccMean(y, { sr: SR, nMfcc: 40 })[0]!;
    cepstrum += cpuNow() - t;
  }
  const n = files.length;
  return { decode: decode / n, resample: resampling / n, mfcc: cepstrum / n };
}

const clip = speechLikeSignal(3, SR);
const frame = Float64Array.from({ length: 2048 }, (_, n) => Math.sin(n * 0.37) * 0.5);
const fftJs = new FFT(2048) as { realTransform(out: Float64Array, data: Float64Array): void };
const fftJsOut = new Float64Array(4096);
const plan = realFftPlan(2048);
const planOut = new Float64Array(plan.bins);
const stft = resolveStftOptions({ nFft: 2048, hopLength: 512 });

/** Median wall and CPU ms of `task` over `runs` runs. */
function medianMs(task: () => void, runs: number): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = now();
    const c = cpuNow();
    task();
    cpu.push(cpuNow() - c);
    wall.push(now() - t);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const clipTasks = {
  mfccTypescript: () => {
    setFeatureBackend('typescript');
    checksum += mfcc(clip, { sr: SR, nMfcc: 40 }).data[0]!;
  },
  mfccWasm: () => {
    setFeatureBackend('wasm');
    checksum += mfcc(clip, { sr: SR, nMfcc: 40 }).data[0]!;
  },
  floorTypescript: () => {
    for (let t = 0; t < FRAMES; t++) plan.powerSpectrum(frame, planOut);
  },
  floorFftJs: () => {
    for (let t = 0; t < FRAMES; t++) fftJs.realTransform(fftJsOut, frame);
  },
  floorWasm: () => {
    wasmMelSpectrogram(kernels, clip, stft, FLOOR_MEL_BANK, 2, FRAMES);
  },
};
type ClipTask = keyof typeof clipTasks;

// Warm-up: one pass of everything on both backends (JIT, plans, filter tables, file cache).
for (const backend of BACKENDS) {
  setFeatureBackend(backend);
  pipelinePass();
  stagePass();
}
for (const task of Object.values(clipTasks)) medianMs(task, 20);

const passes: Record<Backend, { wall: number; cpu: number }[]> = { typescript: [], wasm: [] };
const stages: Record<Backend, Stages[]> = { typescript: [], wasm: [] };
const clipTimes = Object.fromEntries(
  Object.keys(clipTasks).map((name) => [name, [] as { wall: number; cpu: number }[]]),
) as Record<ClipTask, { wall: number; cpu: number }[]>;
for (let pass = 0; pass < PASSES; pass++) {
  for (const backend of BACKENDS) {
    setFeatureBackend(backend);
    passes[backend].push(pipelinePass());
    stages[backend].push(stagePass());
  }
  for (const name of Object.keys(clipTasks) as ClipTask[])
    clipTimes[name].push(medianMs(clipTasks[name], 31));
}
setFeatureBackend('auto');

const clipMs = (name: ClipTask, clock: 'wall' | 'cpu' = 'cpu'): number =>
  median(clipTimes[name].map((t) => t[clock]));

/** The figures of one backend, keys prefixed with its name. */
function backendFigures(backend: Backend): Record<string, number> {
  const wall = passes[backend].map((p) => p.wall);
  const cpu = passes[backend].map((p) => p.cpu);
  const stage = (key: keyof Stages): number => median(stages[backend].map((s) => s[key]));
  const mfccMs = clipMs(backend === 'wasm' ? 'mfccWasm' : 'mfccTypescript');
  const floorMs = clipMs(backend === 'wasm' ? 'floorWasm' : 'floorTypescript');
  const p = `${backend}_`;
  return {
    [`${p}files_per_s_median_pass`]: round(files.length / median(wall), 1),
    [`${p}files_per_s_best_pass`]: round(files.length / Math.min(...wall), 1),
    [`${p}files_per_cpu_s_best_pass`]: round(files.length / Math.min(...cpu), 1),
    [`${p}cpu_ms_per_file_best_pass`]: round((Math.min(...cpu) * 1000) / files.length),
    [`${p}stage_read_decode_ms`]: round(stage('decode')),
    [`${p}stage_resample_ms`]: round(stage('resample')),
    [`${p}stage_mfcc_mean_ms`]: round(stage('mfcc')),
    [`${p}mfcc_ms_3s_22050`]: round(mfccMs),
    [`${p}mfcc_wall_ms_3s_22050`]: round(
      clipMs(backend === 'wasm' ? 'mfccWasm' : 'mfccTypescript', 'wall'),
    ),
    [`${p}fft_floor_ms_3s_22050`]: round(floorMs),
    [`${p}mfcc_over_fft_floor`]: round(mfccMs / floorMs, 2),
  };
}

process.stderr.write(`checksum ${checksum}\n`);
process.stdout.write(
  `${JSON.stringify({
    name: 'seed-pipeline',
    title:
      'Seed features (read, decode, cut 0.5 s + 3 s, soxr-HQ 24000 → 22050 Hz, 40 MFCC, mean), one thread, TypeScript and WebAssembly SIMD backends',
    notes: `${files.length} RAVDESS files; per backend ${PASSES} timed passes after a warm-up pass (files/s: median and best pass by wall clock, best pass by process CPU time; reading files included); stage ms are CPU ms per file (median over passes); MFCC (full 40 × ${FRAMES} matrix) and FFT floor (${FRAMES} real FFTs of 2048 with |X|²; wasm: window + FFT + |X|² in the mel kernel without bands): median CPU ms on a 3 s clip at 22050 Hz. librosa 0.11 on this machine: 180–300 files/s, MFCC 2.7–9.5 ms; the goal is 2× librosa (≥ 360 files/s).`,
    figures: {
      files: files.length,
      ...backendFigures('typescript'),
      ...backendFigures('wasm'),
      fft_floor_ms_3s_22050_fftjs_realTransform: round(clipMs('floorFftJs')),
    },
  })}\n`,
);
