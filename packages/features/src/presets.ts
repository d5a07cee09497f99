import type { AudioInput } from './load';
import {
  computeFeatures,
  type FeatureTensor,
  type MfccMeanConfig,
  resolveFeatureConfig,
} from './pipeline';

/**
 * The seed notebook's feature: `librosa.load(path, duration=3, offset=0.5)` (22050 Hz, mono),
 * then `np.mean(librosa.feature.mfcc(y=y, sr=22050, n_mfcc=40).T, axis=0)` — 40 MFCCs averaged
 * over frames, shape `[40, 1]`. All other parameters are librosa's defaults.
 *
 * @example
 * ```ts
 * featureShape(seedFeatureConfig); // [40, 1]
 * featureConfigKey(seedFeatureConfig); // the cache key of seed features
 * ```
 */
export const seedFeatureConfig: MfccMeanConfig = Object.freeze(
  resolveFeatureConfig({
    kind: 'mfcc-mean',
    sr: 22050,
    offset: 0.5,
    duration: 3,
    nMfcc: 40,
  }) as MfccMeanConfig,
);

/**
 * The seed notebook's feature of one recording (see {@link seedFeatureConfig}): WAV bytes or
 * decoded samples at any rate in, a `[40, 1]` tensor out. `source` names the input in errors.
 *
 * @example
 * ```ts
 * const { shape, data } = seedFeatures(readFileSync('OAF_back_angry.wav'), 'OAF_back_angry.wav');
 * // shape [40, 1]; data[0] is the mean of MFCC 0
 * ```
 */
export function seedFeatures(audio: AudioInput, source?: string): FeatureTensor {
  return computeFeatures(audio, seedFeatureConfig, source);
}
