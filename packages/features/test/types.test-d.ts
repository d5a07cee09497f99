import { describe, expectTypeOf, it } from 'vitest';
import {
  type AudioSignal,
  type FeatureConfig,
  loadAudio,
  type Matrix,
  type MfccMeanConfig,
  type MultichannelAudioSignal,
  mfcc,
  resolveFeatureConfig,
  seedFeatureConfig,
} from '../src/index';

const bytes = new Uint8Array(0);

describe('public types of @ser/features', () => {
  it('loadAudio returns mono audio unless mono: false is written literally', () => {
    expectTypeOf(loadAudio(bytes)).toEqualTypeOf<AudioSignal>();
    expectTypeOf(loadAudio(bytes, { sr: 16000 })).toEqualTypeOf<AudioSignal>();
    expectTypeOf(loadAudio(bytes, { mono: false })).toEqualTypeOf<MultichannelAudioSignal>();
    const mono: boolean = Math.random() > 0.5;
    expectTypeOf(loadAudio(bytes, { mono })).toEqualTypeOf<AudioSignal | MultichannelAudioSignal>();
  });

  it('feature configurations are a discriminated union on kind', () => {
    const config = resolveFeatureConfig({ kind: 'mfcc-sequence', nMfcc: 13, deltas: 2 });
    expectTypeOf(config).toEqualTypeOf<FeatureConfig>();
    if (config.kind === 'mfcc-sequence') expectTypeOf(config.deltas).toEqualTypeOf<0 | 1 | 2>();
    expectTypeOf(seedFeatureConfig).toEqualTypeOf<MfccMeanConfig>();
    // @ts-expect-error: unknown feature kinds are rejected at compile time
    resolveFeatureConfig({ kind: 'chroma' });
  });

  it('librosa options are checked by name', () => {
    expectTypeOf(mfcc(new Float32Array(0), { sr: 22050, nMfcc: 40 })).toEqualTypeOf<Matrix>();
    // @ts-expect-error: librosa's snake_case names are not accepted
    mfcc(new Float32Array(0), { sr: 22050, n_mfcc: 40 });
  });
});
