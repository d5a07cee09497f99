import { AudioFormatError, computeFeatures, encodeWav, resolveFeatureConfig } from '@ser/features';
import { BundleError, loadBundleFromFiles, METADATA_FILE, predictProbabilities } from '@ser/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecognizerError } from '../src/errors';
import { EmotionRecognizer, type Prediction, type SpeechPrediction } from '../src/recognizer';
import {
  LABELS,
  MEAN_FEATURES,
  maxScoreDifference,
  SEQUENCE_FEATURES,
  tinyBundle,
  voiced,
} from './helpers';

function speech(p: Prediction): SpeechPrediction {
  if (!p.speech) throw new Error(`expected speech, got no speech at ${p.levelDb} dB`);
  return p;
}

/** What @ser/model's own inference gives for `samples`: the training path, step by step. */
async function trainingPathScores(
  files: Map<string, Uint8Array>,
  samples: Float32Array,
  sampleRate: number,
): Promise<Float32Array> {
  const { model, metadata } = await loadBundleFromFiles(files);
  const features = computeFeatures({ samples, sampleRate }, metadata.features);
  const [frames, coefficients] = features.shape as [number, number];
  const example = { frames, coefficients, data: features.data };
  const [scores] = predictProbabilities(model, [example], {
    normalizer: metadata.normalization,
  });
  model.dispose();
  return scores!;
}

describe('EmotionRecognizer (sequence bundle, cpu)', () => {
  let files: Map<string, Uint8Array>;
  let recognizer: EmotionRecognizer;
  const clip = voiced(1.5, 22050, { f0: 180, seed: 3 });

  beforeAll(async () => {
    files = await tinyBundle(SEQUENCE_FEATURES);
    recognizer = await EmotionRecognizer.load(files, { backend: 'cpu' });
  });

  it('says which backend it runs on and what it recognises', () => {
    expect(recognizer.backend).toBe('cpu');
    expect(recognizer.backendSelection).toEqual({ backend: 'cpu', skipped: [] });
    expect(recognizer.labels).toEqual(LABELS);
    expect(recognizer.features).toEqual(resolveFeatureConfig(SEQUENCE_FEATURES));
  });

  it('gives the scores of the training pipeline (features, normalisation, model)', async () => {
    const p = speech(await recognizer.predict({ samples: clip, sampleRate: 22050 }));
    const expected = await trainingPathScores(files, clip, 22050);
    LABELS.forEach((label, i) => {
      expect(p.scores[label]).toBeCloseTo(expected[i]!, 6);
    });
  });

  it('returns probabilities, the best label, the top k and timings', async () => {
    const p = speech(await recognizer.predict({ samples: clip, sampleRate: 22050 }, { topK: 2 }));
    const values = LABELS.map((l) => p.scores[l]!);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(p.top).toHaveLength(2);
    expect(p.top[0]!.probability).toBeGreaterThanOrEqual(p.top[1]!.probability);
    expect(p.label).toBe(p.top[0]!.label);
    expect(Math.max(...values)).toBe(p.top[0]!.probability);
    expect(p.seconds).toBeCloseTo(1.5, 3);
    const { decodeMs, resampleMs, featuresMs, modelMs, totalMs } = p.timings;
    const stages = [decodeMs, resampleMs, featuresMs, modelMs];
    for (const ms of stages) expect(ms).toBeGreaterThanOrEqual(0);
    expect(totalMs).toBeCloseTo(
      stages.reduce((a, b) => a + b),
      6,
    );
    const all = speech(
      await recognizer.predict({ samples: clip, sampleRate: 22050 }, { topK: 99 }),
    );
    expect(all.top).toHaveLength(LABELS.length);
  });

  it('answers the same for samples, WAV bytes, an ArrayBuffer and an AudioBuffer', async () => {
    const samples = voiced(1, 16000, { seed: 9 });
    const wav = encodeWav([samples], { sampleRate: 16000, format: 'float32' });
    const audioBuffer = {
      numberOfChannels: 2,
      sampleRate: 16000,
      length: samples.length,
      getChannelData: () => samples,
    };
    const reference = speech(await recognizer.predict({ samples, sampleRate: 16000 }));
    for (const input of [wav, wav.slice().buffer, audioBuffer]) {
      const p = speech(await recognizer.predict(input));
      expect(maxScoreDifference(p.scores, reference.scores)).toBeLessThan(1e-6);
    }
  });

  it('predictBatch equals one predict per input, for inputs of different lengths', async () => {
    const inputs = [0.6, 1.3, 0.6, 2].map((s, i) => ({
      samples: voiced(s, 16000, { f0: 120 + 40 * i, seed: i }),
      sampleRate: 16000,
    }));
    const batch = await recognizer.predictBatch(inputs);
    expect(batch).toHaveLength(4);
    for (const [i, input] of inputs.entries()) {
      const single = speech(await recognizer.predict(input));
      expect(maxScoreDifference(speech(batch[i]!).scores, single.scores)).toBeLessThan(1e-5);
    }
  });

  it('reports silence as no speech instead of guessing, unless the gate is off', async () => {
    const silence = { samples: new Float32Array(16000), sampleRate: 16000 };
    const p = await recognizer.predict(silence);
    expect(p).toMatchObject({ speech: false, label: null, scores: null, top: [] });
    expect(p.levelDb).toBe(Number.NEGATIVE_INFINITY);
    const quietNoise = { samples: voiced(1, 16000, { amplitude: 0.0003 }), sampleRate: 16000 };
    expect((await recognizer.predict(quietNoise)).speech).toBe(false);
    const forced = await recognizer.predict(silence, { silenceThresholdDb: null });
    expect(forced.speech).toBe(true);
    expect(Object.values(speech(forced).scores).every(Number.isFinite)).toBe(true);
  });

  it('handles an unusual sample rate by resampling to the bundle rate', async () => {
    const odd = { samples: voiced(1, 7919, { seed: 4 }), sampleRate: 7919 };
    const p = speech(await recognizer.predict(odd));
    expect(p.seconds).toBeCloseTo(1, 3);
    const expected = await trainingPathScores(files, odd.samples, 7919);
    LABELS.forEach((label, i) => {
      expect(p.scores[label]).toBeCloseTo(expected[i]!, 6);
    });
  });

  it('throws typed errors for too little audio, NaN samples and unknown inputs', async () => {
    const tiny = { samples: voiced(0.01, 16000), sampleRate: 16000 };
    await expect(recognizer.predict(tiny)).rejects.toMatchObject({
      name: 'RecognizerError',
      problem: 'too-short',
    });
    await expect(
      recognizer.predict({ samples: new Float32Array(0), sampleRate: 16000 }),
    ).rejects.toThrow(/too|short|0\.0000 s/);
    const withNaN = voiced(1, 16000);
    withNaN[500] = Number.NaN;
    const nan = recognizer.predict({ samples: withNaN, sampleRate: 16000 }, { source: 'mic.raw' });
    await expect(nan).rejects.toBeInstanceOf(AudioFormatError);
    await expect(nan).rejects.toThrow(/mic\.raw: sample 500/);
    await expect(recognizer.predict({ samples: withNaN, sampleRate: 0 })).rejects.toThrow(
      /sampleRate/,
    );
    await expect(recognizer.predict(42 as never)).rejects.toMatchObject({
      problem: 'invalid-input',
    });
    await expect(
      recognizer.predict(new Uint8Array([1, 2, 3]), { source: 'x.wav' }),
    ).rejects.toThrow(/x\.wav/);
  });

  it('rejects bad options with a typed error', async () => {
    await expect(
      recognizer.predict({ samples: clip, sampleRate: 22050 }, { topK: 0 }),
    ).rejects.toMatchObject({ problem: 'invalid-option' });
    await expect(
      EmotionRecognizer.load(files, { backend: 'cpu', topK: 1.5 }),
    ).rejects.toBeInstanceOf(RecognizerError);
  });

  it('refuses to work after dispose()', async () => {
    const temporary = await EmotionRecognizer.load(files, { backend: 'cpu' });
    temporary.dispose();
    await expect(temporary.predict({ samples: clip, sampleRate: 22050 })).rejects.toMatchObject({
      problem: 'disposed',
    });
  });
});

describe('EmotionRecognizer (seed-style mean bundle)', () => {
  let recognizer: EmotionRecognizer;
  let files: Map<string, Uint8Array>;

  beforeAll(async () => {
    files = await tinyBundle(MEAN_FEATURES);
    recognizer = await EmotionRecognizer.load(files, { backend: 'cpu' });
  });

  it("applies the bundle's offset and duration cut, as training did", async () => {
    const long = voiced(3, 16000, { seed: 5 });
    const p = speech(await recognizer.predict({ samples: long, sampleRate: 16000 }));
    expect(p.seconds).toBeCloseTo(2, 6);
    const expected = await trainingPathScores(files, long, 16000);
    LABELS.forEach((label, i) => {
      expect(p.scores[label]).toBeCloseTo(expected[i]!, 6);
    });
  });

  it('predicts audio shorter than the 2 s window from what is there', async () => {
    const short = { samples: voiced(0.8, 16000, { seed: 6 }), sampleRate: 16000 };
    const p = speech(await recognizer.predict(short));
    expect(p.seconds).toBeCloseTo(0.55, 6);
  });

  it('names the offset when the audio ends before it', async () => {
    const p = recognizer.predict(
      { samples: voiced(0.2, 16000), sampleRate: 16000 },
      { source: 'a.wav' },
    );
    await expect(p).rejects.toMatchObject({ problem: 'too-short' });
    await expect(p).rejects.toThrow(
      /a\.wav: 0\.0000 s of audio after skipping the bundle's offset of 0\.25 s/,
    );
  });
});

describe('bundles that do not fit', () => {
  it('refuses a bundle whose feature configuration does not fit the model', async () => {
    const files = await tinyBundle(SEQUENCE_FEATURES);
    const metadata = JSON.parse(new TextDecoder().decode(files.get(METADATA_FILE)));
    metadata.features.nMfcc = 20;
    files.set(METADATA_FILE, new TextEncoder().encode(JSON.stringify(metadata)));
    const loading = EmotionRecognizer.load(files, { backend: 'cpu' });
    await expect(loading).rejects.toBeInstanceOf(BundleError);
    await expect(loading).rejects.toMatchObject({ problem: 'input-shape-mismatch' });
  });

  it('refuses a bundle with a corrupt weight file', async () => {
    const files = await tinyBundle(SEQUENCE_FEATURES);
    const shard = [...files.keys()].find((name) => name.endsWith('.bin'))!;
    const bytes = files.get(shard)!.slice();
    bytes[0] = bytes[0]! ^ 0xff;
    files.set(shard, bytes);
    await expect(EmotionRecognizer.load(files, { backend: 'cpu' })).rejects.toMatchObject({
      problem: 'checksum-mismatch',
    });
  });
});

describe('EmotionRecognizer (utterance-statistics bundle, cpu)', () => {
  const STATISTICS_FEATURES = { ...SEQUENCE_FEATURES, kind: 'mfcc-statistics' } as const;
  let files: Map<string, Uint8Array>;
  let recognizer: EmotionRecognizer;

  beforeAll(async () => {
    files = await tinyBundle(STATISTICS_FEATURES);
    recognizer = await EmotionRecognizer.load(files, { backend: 'cpu' });
  });

  it('predicts what the training path computes', async () => {
    const clip = voiced(1.2, 16000, { f0: 200, seed: 8 });
    const p = speech(await recognizer.predict({ samples: clip, sampleRate: 16000 }));
    const expected = await trainingPathScores(files, clip, 16000);
    LABELS.forEach((label, i) => {
      expect(p.scores[label]).toBeCloseTo(expected[i]!, 6);
    });
  });

  it('says too-short, not a delta error, for audio with fewer frames than the delta width', async () => {
    // 480 samples give 4 centred frames at hop 160; deltas of width 5 need 5.
    const clip = { samples: voiced(0.03, 16000, { seed: 9 }), sampleRate: 16000 };
    const p = recognizer.predict(clip, { source: 'blip.wav' });
    await expect(p).rejects.toBeInstanceOf(RecognizerError);
    await expect(p).rejects.toMatchObject({ problem: 'too-short' });
  });
});
