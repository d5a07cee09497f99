/**
 * End-to-end latency of @ser/runtime per backend in Node: one 3 s utterance through decode,
 * resample, features and the seed model (the notebook's LSTM(256) network over 40 mean MFCCs,
 * seeded weights: speed does not depend on training), and the real-time factor of streaming
 * (3 s windows every 0.5 s over 20 ms chunks); then the same in headless Chromium on wasm and
 * webgl (SwiftShader: no GPU here) when Chromium is installed.
 *
 * Run: `npx tsx packages/runtime/bench/latency.ts`. The last stdout line is the JSON record.
 */
import { encodeWav, seedFeatureConfig } from '@ser/features';
import { buildSeedModel, encodeBundle, SEED_INPUT_SHAPE, tf } from '@ser/model';
import { median } from '../../../tools/bench';
import {
  BACKEND_ORDER,
  type BackendChoice,
  EmotionRecognizer,
  type Prediction,
  type Timings,
} from '../src/index';
import { CHROMIUM, hasChromium, openRuntimePage } from '../test/browser/harness';

const CLIP_RATE = 48000;
const RUNS = 15;
const STREAM_SECONDS = 10;

/** A voiced 48 kHz test utterance: 3 s after the seed pipeline's 0.5 s offset. */
function utterance(seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * CLIP_RATE));
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / CLIP_RATE;
    phase += (2 * Math.PI * 150 * (1 + 0.1 * Math.sin(2 * Math.PI * 0.7 * t))) / CLIP_RATE;
    let v = 0;
    for (let h = 1; h <= 8; h++) v += Math.sin(h * phase) / h;
    out[i] = 0.2 * v * (0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t));
  }
  return out;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function main(): Promise<void> {
  const labels = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust'];
  const model = buildSeedModel({ numClasses: labels.length, seed: 1 });
  const files = await encodeBundle(model, {
    labels,
    features: seedFeatureConfig,
    input: { frames: SEED_INPUT_SHAPE[0], coefficients: SEED_INPUT_SHAPE[1] },
    normalization: null,
    training: { createdAt: new Date().toISOString(), tfjsVersion: tf.version_core },
  });
  model.dispose();
  const wav = encodeWav([utterance(3.5)], { sampleRate: CLIP_RATE });
  const stream = utterance(STREAM_SECONDS);
  const chunk = Math.round(0.02 * CLIP_RATE);
  const figures: Record<string, number | string> = {};
  // every pure backend Node may pick (tfjs-node is not installed here)
  const backends: BackendChoice[] = BACKEND_ORDER.node.filter((b) => b !== 'tensorflow');
  for (const backend of backends) {
    const recognizer = await EmotionRecognizer.load(files, { backend, silenceThresholdDb: null });
    const runs: Timings[] = [];
    // As many untimed runs first: V8 optimises the per-call code only after dozens of calls,
    // and the backend measured first would otherwise pay for the shared decode and features code.
    for (let i = 0; i < 2 * RUNS; i++) {
      const started = performance.now();
      const p: Prediction = await recognizer.predict(wav);
      const wall = performance.now() - started;
      if (i >= RUNS) runs.push({ ...p.timings, totalMs: wall });
    }
    const stage = (key: keyof Timings) => round(median(runs.map((r) => r[key])));
    figures[`${backend} decode ms`] = stage('decodeMs');
    figures[`${backend} resample 48k→22.05k ms`] = stage('resampleMs');
    figures[`${backend} features ms`] = stage('featuresMs');
    figures[`${backend} model ms`] = stage('modelMs');
    figures[`${backend} end-to-end ms (3 s, median of ${RUNS})`] = stage('totalMs');

    const live = recognizer.stream({ windowSeconds: 3, hopSeconds: 0.5, silenceThresholdDb: null });
    let windows = 0;
    const started = performance.now();
    for (let at = 0; at < stream.length; at += chunk) {
      windows += (await live.push(stream.subarray(at, at + chunk), CLIP_RATE)).length;
    }
    windows += (await live.flush()).length;
    const elapsed = (performance.now() - started) / 1000;
    figures[`${backend} streaming real-time factor (3 s window, 0.5 s hop)`] =
      Math.round((elapsed / STREAM_SECONDS) * 10000) / 10000;
    figures[`${backend} streaming windows`] = windows;
    recognizer.dispose();
  }
  if (hasChromium) {
    const page = await openRuntimePage(files);
    try {
      for (const backend of ['wasm', 'webgl', 'ser-simd'] as const) {
        const r = await page.call(
          'bench',
          backend,
          Array.from(wav),
          { samples: Array.from(stream), sampleRate: CLIP_RATE },
          RUNS,
        );
        const name = `chromium ${r.backend}`;
        figures[`${name} decode ms`] = round(r.decodeMs);
        figures[`${name} resample 48k→22.05k ms`] = round(r.resampleMs);
        figures[`${name} features ms`] = round(r.featuresMs);
        figures[`${name} model ms`] = round(r.modelMs);
        figures[`${name} end-to-end ms (3 s, median of ${RUNS})`] = round(r.totalMs);
        figures[`${name} streaming real-time factor (3 s window, 0.5 s hop)`] =
          Math.round(r.realTimeFactor * 10000) / 10000;
      }
    } finally {
      await page.close();
    }
  } else {
    figures['chromium'] = `not measured: ${CHROMIUM} is not installed`;
  }
  console.log(
    JSON.stringify({
      name: 'runtime-latency',
      title: '@ser/runtime: latency of one 3 s utterance and streaming real-time factor',
      notes:
        'Seed pipeline (48 kHz WAV, 0.5 s offset, 3 s at 22.05 kHz, 40 mean MFCCs) and the seed LSTM(256) model. Real-time factor = processing time / audio duration (below 1 keeps up with live audio). tfjs-node is not installed here, so the `tensorflow` backend is not measured. Chromium runs headless with --disable-gpu: its webgl is SwiftShader on the CPU, not a GPU.',
      figures,
    }),
  );
}

await main();
