import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, isNode, selectBackend } from '../src/backend';
import { EmotionRecognizer, type Prediction } from '../src/recognizer';
import {
  MEAN_FEATURES,
  maxScoreDifference,
  SEQUENCE_FEATURES,
  tinyBundle,
  voiced,
} from './helpers';

const clips = [
  { samples: voiced(1.2, 16000, { f0: 110, seed: 1 }), sampleRate: 16000 },
  { samples: voiced(2.5, 44100, { f0: 220, seed: 2 }), sampleRate: 44100 },
  { samples: voiced(0.7, 8000, { f0: 300, seed: 3 }), sampleRate: 8000 },
];

function scoresOf(p: Prediction): Readonly<Record<string, number>> {
  if (!p.speech) throw new Error('expected speech');
  return p.scores;
}

describe('backend selection', () => {
  it('knows it runs in Node and keeps one order per environment', () => {
    expect(isNode()).toBe(true);
    expect(BACKEND_ORDER.node[0]).toBe('tensorflow');
    expect(BACKEND_ORDER.node).toContain('wasm');
    expect(BACKEND_ORDER.node.at(-1)).toBe('cpu');
    expect(BACKEND_ORDER.browser).toEqual(['webgpu', 'webgl', 'ser-simd', 'wasm', 'cpu']);
  });

  it("'auto' in Node takes the first backend that starts and says why faster ones did not", async () => {
    const selection = await selectBackend();
    const order = BACKEND_ORDER.node;
    const chosen = order.indexOf(selection.backend);
    expect(chosen).toBeGreaterThanOrEqual(0);
    expect(selection.skipped.map((s) => s.backend)).toEqual(order.slice(0, chosen));
    for (const s of selection.skipped) expect(s.reason).not.toBe('');
    await selectBackend({ backend: 'cpu' });
  });

  it('fails clearly for a backend that cannot start here', async () => {
    await expect(selectBackend({ backend: 'webgl' })).rejects.toMatchObject({
      name: 'RecognizerError',
      problem: 'backend-unavailable',
      message: expect.stringMatching(/webgl: WebGL needs a browser/),
    });
  });
});

/** Every pure backend `'auto'` may pick in Node (tfjs-node is never installed in tests). */
const fastBackends = BACKEND_ORDER.node.filter((b) => b !== 'tensorflow' && b !== 'cpu');

describe.each([
  ['sequence', SEQUENCE_FEATURES],
  ['mean', MEAN_FEATURES],
])('the same %s bundle on cpu and every faster pure backend', (_, features) => {
  it.each(fastBackends)('gives the scores of cpu on %s within 1e-5', async (backend) => {
    const files = await tinyBundle(features, { seed: 11 });
    const cpu = await EmotionRecognizer.load(files, { backend: 'cpu' });
    const fast = await EmotionRecognizer.load(files, { backend });
    expect(fast.backend).toBe(backend);
    const onCpu = await cpu.predictBatch(clips);
    const onFast = await fast.predictBatch(clips);
    onCpu.forEach((p, i) => {
      expect(maxScoreDifference(scoresOf(p), scoresOf(onFast[i]!))).toBeLessThan(1e-5);
    });
    // Each recognizer switches TensorFlow.js back to its own backend.
    const again = await cpu.predict(clips[0]!);
    expect(maxScoreDifference(scoresOf(again), scoresOf(onCpu[0]!))).toBeLessThan(1e-6);
    cpu.dispose();
    fast.dispose();
  });
});
