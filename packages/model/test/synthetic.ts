/**
 * Small synthetic data sets for trainer tests: class `c` shifts coefficient `c % coefficients`
 * by `separation`, on top of unit normal noise, so a model can learn it in a few epochs.
 */
import type { FeatureSequence, LabelledSequences } from '../src/data';
import { createRandom, normalRandom } from '../src/random';

export interface SyntheticOptions {
  readonly examples: number;
  readonly numClasses: number;
  readonly coefficients: number;
  /** Fixed length, or [min, max] for variable lengths. */
  readonly frames: number | readonly [number, number];
  readonly separation?: number;
  /** Added to every value (tests that normalisation removes it). */
  readonly offset?: number;
  readonly seed?: number;
}

export function syntheticSequences(options: SyntheticOptions): LabelledSequences {
  const random = createRandom(options.seed ?? 1);
  const separation = options.separation ?? 3;
  const examples: FeatureSequence[] = [];
  const labels: number[] = [];
  for (let i = 0; i < options.examples; i++) {
    const label = i % options.numClasses;
    const frames =
      typeof options.frames === 'number'
        ? options.frames
        : options.frames[0] + Math.floor(random() * (options.frames[1] - options.frames[0] + 1));
    const c = options.coefficients;
    const data = new Float32Array(frames * c);
    for (let t = 0; t < frames; t++) {
      for (let k = 0; k < c; k++) {
        const signal = k === label % c ? separation : 0;
        data[t * c + k] = signal + normalRandom(random) + (options.offset ?? 0);
      }
    }
    examples.push({ frames, coefficients: c, data });
    labels.push(label);
  }
  return { examples, labels };
}
