import { featureShape } from '@ser/features';
import { describe, expect, it } from 'vitest';
import { describeModel } from '../src/input-spec';
import { getPreset, MODEL_PRESETS } from '../src/presets';
import { train } from '../src/train';
import { syntheticSequences } from './synthetic';

describe('MODEL_PRESETS', () => {
  it('build models whose input is what the preset says', () => {
    for (const preset of Object.values(MODEL_PRESETS)) {
      const model = preset.build({ numClasses: 8, seed: 1 });
      const spec = describeModel(model);
      expect([spec.frames, spec.coefficients, spec.numClasses]).toEqual([
        preset.input.frames,
        preset.input.coefficients,
        8,
      ]);
      expect(spec.masked).toBe(preset.input.frames === null);
      const [frames, coefficients] = featureShape(preset.input.features);
      expect(coefficients).toBe(preset.input.coefficients);
      if (frames !== null && preset.input.frames !== null) {
        expect(frames).toBe(preset.input.frames);
      }
      model.dispose();
    }
  });

  it('sizes statistics-mlp as 240 statistics, dense 256, softmax', () => {
    const model = MODEL_PRESETS['statistics-mlp'].build({ numClasses: 8 });
    expect(model.countParams()).toBe(240 * 256 + 256 + 256 * 8 + 8);
    model.dispose();
  });

  it('statistics-mlp learns separable statistics with its own training defaults', async () => {
    const preset = getPreset('statistics-mlp');
    const data = syntheticSequences({
      examples: 32,
      numClasses: 2,
      coefficients: 240,
      frames: [1, 1],
    });
    const model = preset.build({ numClasses: 2, seed: 1 });
    const result = await train(model, data, { ...preset.training, epochs: 15, seed: 1 });
    expect(result.history.accuracy.at(-1)).toBeGreaterThan(0.9);
    expect(result.normalizer?.mean).toHaveLength(240);
    model.dispose();
  });

  it('sizes cnn-bilstm-attention near the best Python peer (0.24 M parameters; the peer has 0.27 M)', () => {
    const model = MODEL_PRESETS['cnn-bilstm-attention'].build({ numClasses: 8 });
    // conv (no bias) + batch norm: 1·16·9 + 16·32·9 + 32·64·9 + 64·64·9 + 4·(16+32+64+64)
    const conv = 144 + 4608 + 18432 + 36864 + 4 * 176;
    const bilstm = 2 * 4 * (64 * (4 * 64 + 64) + 64); // 300×64 → 19 frames × (4 bands · 64 filters)
    const attention = 128 * 64 + 64 + 64;
    const output = 256 * 8 + 8;
    expect(model.countParams()).toBe(conv + bilstm + attention + output);
    expect(model.countParams()).toBeGreaterThan(200_000);
    expect(model.countParams()).toBeLessThan(300_000);
    model.dispose();
  });

  it('sizes mfcc-statistics as mean+std pooling of 80 features, dense 256, softmax', () => {
    const model = MODEL_PRESETS['mfcc-statistics'].build({ numClasses: 8 });
    expect(model.countParams()).toBe(160 * 256 + 256 + 256 * 8 + 8);
    model.dispose();
  });

  it('come with training defaults the trainer accepts', async () => {
    const preset = getPreset('bigru-statistics');
    const model = preset.build({ numClasses: 2, seed: 1 });
    const data = syntheticSequences({
      examples: 8,
      numClasses: 2,
      coefficients: 64,
      frames: [4, 6],
    });
    const result = await train(model, data, {
      ...preset.training,
      epochs: 1,
      validation: data,
      seed: 1,
    });
    expect(result.history.val_loss).toHaveLength(1);
    expect(result.normalizer?.mean).toHaveLength(64);
    model.dispose();
  });

  it('rejects unknown names, listing the known ones', () => {
    expect(() => getPreset('transformer')).toThrow(
      /unknown preset "transformer"; known: seed-lstm, mfcc-statistics, statistics-mlp, bilstm-attention/,
    );
  });
});
