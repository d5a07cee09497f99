import { describe, expect, it } from 'vitest';
import type { FeatureSequence } from '../src/data';
import { TrainingDataError } from '../src/errors';
import { normalizeBySpeaker } from '../src/normalize';

const vector = (...values: number[]): FeatureSequence => ({
  frames: 1,
  coefficients: values.length,
  data: Float32Array.from(values),
});

describe('normalizeBySpeaker', () => {
  it("standardises each speaker's examples with that speaker's own mean and std, in input order", () => {
    // Speaker a speaks low and quiet, b high and loud: the same relative pattern after scaling.
    const examples = [vector(1, 10), vector(100, 1000), vector(3, 30), vector(300, 3000)];
    const out = normalizeBySpeaker(examples, ['a', 'b', 'a', 'b']);
    expect(out.map((e) => Array.from(e.data))).toEqual([
      [-1, -1],
      [-1, -1],
      [1, 1],
      [1, 1],
    ]);
    expect(examples[0]!.data[0]).toBe(1); // the input is untouched
  });

  it('pools every frame of a speaker (sequences of any length)', () => {
    const a1: FeatureSequence = { frames: 2, coefficients: 1, data: Float32Array.from([0, 2]) };
    const a2: FeatureSequence = { frames: 1, coefficients: 1, data: Float32Array.from([4]) };
    const [n1, n2] = normalizeBySpeaker([a1, a2], ['a', 'a']);
    const std = Math.sqrt(8 / 3);
    expect(Array.from(n1!.data)).toEqual([(0 - 2) / std, 0].map(Math.fround));
    expect(Array.from(n2!.data)).toEqual([Math.fround(2 / std)]);
  });

  it('rejects a speaker list of another length', () => {
    expect(() => normalizeBySpeaker([vector(1)], ['a', 'b'])).toThrow(TrainingDataError);
  });
});
