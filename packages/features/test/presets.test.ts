import { describe, expect, it } from 'vitest';
import { loadAudio } from '../src/load';
import { rowMeans } from '../src/matrix';
import { mfcc } from '../src/mfcc';
import { computeFeatures, featureShape } from '../src/pipeline';
import { seedFeatureConfig, seedFeatures } from '../src/presets';
import { encodeWav } from '../src/wav-encode';
import { worstRatio } from './golden-data';

describe('seed preset', () => {
  it('is librosa.load(duration=3, offset=0.5) at 22050 Hz and the mean of 40 MFCCs, frozen', () => {
    expect(seedFeatureConfig).toMatchObject({
      kind: 'mfcc-mean',
      sr: 22050,
      offset: 0.5,
      duration: 3,
      nMfcc: 40,
      nFft: 2048,
      hopLength: 512,
      nMels: 128,
    });
    expect(featureShape(seedFeatureConfig)).toEqual([40, 1]);
    expect(Object.isFrozen(seedFeatureConfig)).toBe(true);
  });

  it('seedFeatures of a 24414 Hz WAV (TESS rate) is the mean MFCC of the cut, resampled clip', () => {
    const sampleRate = 24414;
    const samples = Float32Array.from(
      { length: 4 * sampleRate },
      (_, n) => 0.3 * Math.sin((2 * Math.PI * 220 * n) / sampleRate) * Math.exp(-n / sampleRate),
    );
    const bytes = encodeWav([samples], { sampleRate });
    const tensor = seedFeatures(bytes, 'OAF_back_angry.wav');
    expect(tensor.shape).toEqual([40, 1]);
    const { samples: clip } = loadAudio(bytes, { offset: 0.5, duration: 3 });
    expect(clip.length).toBe(Math.ceil((3 * sampleRate * 22050) / sampleRate));
    // The DCT of the mean log-mel column: the mean of the MFCCs up to float32 rounding.
    expect(worstRatio(tensor.data, rowMeans(mfcc(clip, { sr: 22050, nMfcc: 40 })))).toBeLessThan(
      1e-5,
    );
    expect(computeFeatures(bytes, seedFeatureConfig).data).toEqual(tensor.data);
  });
});
