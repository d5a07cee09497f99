/**
 * The page the Chromium test and benchmark drive: the runtime bundled for browsers, exposed as
 * `window.serTest`. Bundled by `harness.ts` with esbuild.
 */
import {
  type BackendChoice,
  EmotionRecognizer,
  listenToMicrophone,
  selectBackend,
  type Timings,
} from '../../src/index';

/** Samples as plain numbers (what crosses into the page). */
export interface PageClip {
  readonly samples: readonly number[];
  readonly sampleRate: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const page = {
  /** Scores of `clips` (in label order) on `backend`, and the backend actually used. */
  async predict(backend: BackendChoice, clips: readonly PageClip[]) {
    const recognizer = await EmotionRecognizer.load('/model/', { backend, wasmPaths: '/wasm/' });
    const predictions = await recognizer.predictBatch(
      clips.map((c) => ({ samples: Float32Array.from(c.samples), sampleRate: c.sampleRate })),
    );
    recognizer.dispose();
    return {
      backend: recognizer.backend,
      skipped: recognizer.backendSelection.skipped,
      scores: predictions.map((p) =>
        p.speech ? recognizer.labels.map((l) => p.scores[l]!) : null,
      ),
    };
  },

  /** The backend `choice` starts, and the faster ones that did not. */
  select(choice: BackendChoice) {
    return selectBackend({ backend: choice, wasmPaths: '/wasm/' });
  },

  /** Listens to the (fake) microphone for `ms` and returns what was predicted. */
  async microphone(ms: number) {
    const recognizer = await EmotionRecognizer.load('/model/', { backend: 'cpu' });
    const labels: (string | null)[] = [];
    const errors: string[] = [];
    const session = await listenToMicrophone(recognizer, {
      windowSeconds: 0.5,
      hopSeconds: 0.25,
      silenceThresholdDb: null,
      onPrediction: (w) => labels.push(w.label),
      onError: (e) => errors.push(String(e)),
    });
    await new Promise((resolve) => setTimeout(resolve, ms));
    const last = await session.stop();
    recognizer.dispose();
    return {
      sampleRate: session.sampleRate,
      labels: [...labels, ...last.map((w) => w.label)],
      errors,
      allLabels: recognizer.labels,
    };
  },

  /**
   * Median stage timings of `runs` predictions of a WAV file (after as many untimed ones), and the
   * real-time factor of streaming `stream` in 20 ms chunks with 3 s windows every 0.5 s.
   */
  async bench(backend: BackendChoice, wav: readonly number[], stream: PageClip, runs: number) {
    const recognizer = await EmotionRecognizer.load('/model/', {
      backend,
      wasmPaths: '/wasm/',
      silenceThresholdDb: null,
    });
    const bytes = Uint8Array.from(wav);
    const timings: Timings[] = [];
    for (let i = 0; i < 2 * runs; i++) {
      const started = performance.now();
      const p = await recognizer.predict(bytes);
      if (i >= runs) timings.push({ ...p.timings, totalMs: performance.now() - started });
    }
    const stage = (key: keyof Timings) => median(timings.map((t) => t[key]));
    const samples = Float32Array.from(stream.samples);
    const chunk = Math.round(0.02 * stream.sampleRate);
    const live = recognizer.stream({ windowSeconds: 3, hopSeconds: 0.5, silenceThresholdDb: null });
    let windows = 0;
    const started = performance.now();
    for (let at = 0; at < samples.length; at += chunk) {
      windows += (await live.push(samples.subarray(at, at + chunk), stream.sampleRate)).length;
    }
    windows += (await live.flush()).length;
    const seconds = (performance.now() - started) / 1000;
    recognizer.dispose();
    return {
      backend: recognizer.backend,
      decodeMs: stage('decodeMs'),
      resampleMs: stage('resampleMs'),
      featuresMs: stage('featuresMs'),
      modelMs: stage('modelMs'),
      totalMs: stage('totalMs'),
      realTimeFactor: seconds / (samples.length / stream.sampleRate),
      windows,
    };
  },
};

/** What `window.serTest` offers. */
export type SerTestPage = typeof page;

(globalThis as unknown as { serTest: SerTestPage }).serTest = page;
