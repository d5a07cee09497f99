/**
 * Small bundles and synthetic voiced signals for the runtime's tests.
 */
import { type FeatureConfigInput, featureShape, resolveFeatureConfig } from '@ser/features';
import {
  type BundleMetadataInput,
  buildSequenceModel,
  createRandom,
  encodeBundle,
  tf,
} from '@ser/model';

/** Labels of the test bundles. */
export const LABELS = ['angry', 'calm', 'happy', 'sad'] as const;

/** A 16 kHz MFCC-sequence pipeline (13 coefficients + deltas, 10 ms hop): variable-length input. */
export const SEQUENCE_FEATURES: FeatureConfigInput = {
  kind: 'mfcc-sequence',
  sr: 16000,
  nFft: 512,
  hopLength: 160,
  nMels: 40,
  nMfcc: 13,
  deltas: 1,
  deltaWidth: 5,
};

/** The seed's kind of pipeline, smaller: mean of 20 MFCCs of the clip from 0.25 s, 2 s long. */
export const MEAN_FEATURES: FeatureConfigInput = {
  kind: 'mfcc-mean',
  sr: 16000,
  nFft: 512,
  hopLength: 256,
  nMels: 40,
  nMfcc: 20,
  offset: 0.25,
  duration: 2,
};

/**
 * Every file of a small, seeded bundle for `features`: an LSTM(8) over the feature frames
 * (masked and variable-length for sequences, 20 steps for the mean), a per-coefficient
 * normaliser that is not the identity, and the given labels.
 */
export async function tinyBundle(
  features: FeatureConfigInput,
  options: { readonly seed?: number; readonly frames?: number | null } = {},
): Promise<Map<string, Uint8Array>> {
  const config = resolveFeatureConfig(features);
  const [featureFrames, coefficients] = featureShape(config);
  const frames = options.frames === undefined ? featureFrames : options.frames;
  const model = buildSequenceModel({
    numClasses: LABELS.length,
    coefficients,
    frames,
    ...(frames === null ? { maskValue: -1000 } : {}),
    recurrent: { cell: 'lstm', units: [8] },
    pooling: 'last',
    dense: [8],
    seed: options.seed ?? 7,
  });
  const random = createRandom(options.seed ?? 7);
  const metadata: BundleMetadataInput = {
    labels: [...LABELS],
    features: config,
    input: { frames, coefficients },
    normalization: {
      mean: Array.from({ length: coefficients }, () => (random() - 0.5) * 20),
      std: Array.from({ length: coefficients }, () => 1 + random() * 10),
    },
    training: { createdAt: new Date(0).toISOString(), tfjsVersion: tf.version_core },
  };
  const files = await encodeBundle(model, metadata);
  model.dispose();
  return files;
}

/**
 * A voiced, speech-like signal: harmonics of a gliding pitch, syllable-rate amplitude
 * modulation and a little noise (seeded), at `sampleRate`.
 */
export function voiced(
  seconds: number,
  sampleRate: number,
  options: { readonly f0?: number; readonly seed?: number; readonly amplitude?: number } = {},
): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const random = createRandom(options.seed ?? 1);
  const f0 = options.f0 ?? 140;
  const amplitude = options.amplitude ?? 0.3;
  const out = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    phase += (2 * Math.PI * f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 0.7 * t))) / sampleRate;
    let v = 0;
    for (let h = 1; h <= 8; h++) v += Math.sin(h * phase) / h;
    const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
    out[i] = amplitude * (0.5 * v * envelope + 0.05 * (random() * 2 - 1));
  }
  return out;
}

/** Largest absolute difference between two score records over `LABELS`. */
export function maxScoreDifference(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): number {
  return Math.max(...LABELS.map((l) => Math.abs(a[l]! - b[l]!)));
}
