/**
 * The runtime in a real headless Chromium: the same bundle gives the same scores on webgl and
 * wasm as on cpu in Node, `'auto'` follows the browser order, and the AudioWorklet microphone
 * helper streams predictions (from Chromium's fake capture device). Skips visibly when
 * Chromium is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmotionRecognizer } from '../src/recognizer';
import { CHROMIUM, hasChromium, openRuntimePage, type RuntimePage } from './browser/harness';
import { LABELS, SEQUENCE_FEATURES, tinyBundle, voiced } from './helpers';

const clips = [
  { samples: voiced(1.2, 16000, { f0: 110, seed: 1 }), sampleRate: 16000 },
  { samples: voiced(1.5, 44100, { f0: 220, seed: 2 }), sampleRate: 44100 },
];
const pageClips = clips.map((c) => ({ samples: Array.from(c.samples), sampleRate: c.sampleRate }));

describe.runIf(hasChromium)(`in headless Chromium (${CHROMIUM})`, () => {
  let page: RuntimePage;
  let expected: number[][];

  beforeAll(async () => {
    const files = await tinyBundle(SEQUENCE_FEATURES, { seed: 5 });
    const reference = await EmotionRecognizer.load(files, { backend: 'cpu' });
    expected = (await reference.predictBatch(clips)).map((p) => {
      if (!p.speech) throw new Error('expected speech');
      return LABELS.map((l) => p.scores[l]!);
    });
    reference.dispose();
    page = await openRuntimePage(files);
  }, 120_000);

  afterAll(async () => {
    await page?.close();
  });

  it.each(['wasm', 'webgl', 'ser-simd'] as const)(
    'gives the cpu scores of Node on %s within 1e-5',
    async (backend) => {
      const result = await page.call('predict', backend, pageClips);
      expect(result.backend).toBe(backend);
      result.scores.forEach((scores, i) => {
        expect(scores).not.toBeNull();
        scores!.forEach((v, k) => {
          expect(Math.abs(v - expected[i]![k]!)).toBeLessThan(1e-5);
        });
      });
    },
  );

  it("'auto' takes the browser order and says what it skipped", async () => {
    const result = await page.call('select', 'auto');
    const order = ['webgpu', 'webgl', 'ser-simd', 'wasm', 'cpu'];
    console.info(`auto chose ${result.backend}; skipped ${JSON.stringify(result.skipped)}`);
    expect(result.skipped.map((s) => s.backend)).toEqual(
      order.slice(0, order.indexOf(result.backend)),
    );
  });

  it('streams predictions from the microphone through the AudioWorklet', async () => {
    const result = await page.call('microphone', 1500);
    expect(result.errors).toEqual([]);
    expect(result.sampleRate).toBeGreaterThan(0);
    expect(result.labels.length).toBeGreaterThanOrEqual(2);
    for (const label of result.labels) expect(result.allLabels).toContain(label);
  });
});

describe.skipIf(hasChromium)(`in headless Chromium: skipped, ${CHROMIUM} is not installed`, () => {
  it.skip('install it with `apt-get install -y chromium` (or set SER_CHROMIUM)', () => {});
});
