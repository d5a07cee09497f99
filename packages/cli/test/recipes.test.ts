import { featureShape } from '@ser/features';
import { getPreset } from '@ser/model';
import { describe, expect, it } from 'vitest';
import { getRecipe, RECIPES } from '../src/recipes';

describe('RECIPES', () => {
  it("read the features their preset was measured with, in the shape the preset's model takes", () => {
    for (const recipe of Object.values(RECIPES)) {
      const preset = getPreset(recipe.preset);
      expect(recipe.features).toBe(preset.input.features);
      expect(featureShape(recipe.features)[1]).toBe(preset.input.coefficients);
    }
  });

  it('offer the statistics-mlp model with its utterance statistics', () => {
    const recipe = getRecipe('statistics-mlp');
    expect(recipe.features.kind).toBe('mfcc-statistics');
    expect(featureShape(recipe.features)).toEqual([1, 240]);
  });
});
