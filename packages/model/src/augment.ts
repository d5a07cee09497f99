/**
 * Training-time feature perturbations. An augmentation maps one example to a perturbed copy,
 * drawing from the trainer's seeded random source; the trainer applies it to every training
 * example of every epoch, before normalisation (so offsets are in feature units, e.g. dB of a
 * log-mel spectrogram), never to validation data.
 */
import type { FeatureSequence } from './data';
import { ModelConfigError } from './errors';
import { normalRandom, type Random } from './random';

/**
 * A training-time perturbation of one example.
 *
 * @example
 * ```ts
 * const flipSign: Augmentation = (example) => ({ ...example, data: example.data.map((v) => -v) });
 * ```
 */
export type Augmentation = (example: FeatureSequence, random: Random) => FeatureSequence;

function nonNegative(option: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new ModelConfigError(option, `must be a finite number ≥ 0, got ${value}`);
  }
}

/**
 * Adds independent normal noise of standard deviation `std` to every value.
 *
 * @example
 * ```ts
 * await train(model, data, { augment: gaussianNoise({ std: 0.05 }) });
 * ```
 */
export function gaussianNoise(options: { readonly std: number }): Augmentation {
  nonNegative('std', options.std);
  return (example, random) => {
    const data = new Float32Array(example.data.length);
    for (let i = 0; i < data.length; i++) {
      data[i] = example.data[i]! + options.std * normalRandom(random);
    }
    return { ...example, data };
  };
}

/**
 * Adds one uniform random offset in `[-maxOffset, maxOffset]` to every value of the example:
 * a gain change for log-scaled spectra (log-mel in dB). Not for MFCC, where a gain change moves
 * only the 0th coefficient.
 *
 * @example
 * ```ts
 * const gain = gainOffset({ maxOffset: 6 }); // ±6 dB on a dB-scaled log-mel
 * ```
 */
export function gainOffset(options: { readonly maxOffset: number }): Augmentation {
  nonNegative('maxOffset', options.maxOffset);
  return (example, random) => {
    const offset = (2 * random() - 1) * options.maxOffset;
    return { ...example, data: example.data.map((v) => v + offset) };
  };
}

/**
 * Options of {@link specAugment}.
 *
 * @example
 * ```ts
 * const options: SpecAugmentOptions = { timeMasks: 2, maxTimeWidth: 30 };
 * ```
 */
export interface SpecAugmentOptions {
  /** Number of time masks. Default 2. */
  readonly timeMasks?: number;
  /** Widest time mask, in frames. Default 20. */
  readonly maxTimeWidth?: number;
  /** Number of frequency (coefficient) masks. Default 2. */
  readonly frequencyMasks?: number;
  /** Widest frequency mask, in coefficients. Default 8. */
  readonly maxFrequencyWidth?: number;
}

/**
 * SpecAugment masking (Park et al., 2019) without time warping: random bands of frames and of
 * coefficients are replaced by the example's mean of each coefficient, so the masked area
 * carries no information yet stays in range.
 *
 * @example
 * ```ts
 * const masking = specAugment({ timeMasks: 2, maxTimeWidth: 30, frequencyMasks: 2, maxFrequencyWidth: 8 });
 * ```
 */
export function specAugment(options: SpecAugmentOptions = {}): Augmentation {
  const timeMasks = options.timeMasks ?? 2;
  const maxTimeWidth = options.maxTimeWidth ?? 20;
  const frequencyMasks = options.frequencyMasks ?? 2;
  const maxFrequencyWidth = options.maxFrequencyWidth ?? 8;
  for (const [name, value] of Object.entries({
    timeMasks,
    maxTimeWidth,
    frequencyMasks,
    maxFrequencyWidth,
  })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new ModelConfigError(name, `must be an integer ≥ 0, got ${value}`);
    }
  }
  return (example, random) => {
    const { frames, coefficients: c } = example;
    const data = Float32Array.from(example.data);
    const means = new Float64Array(c);
    for (let t = 0; t < frames; t++) for (let k = 0; k < c; k++) means[k]! += data[t * c + k]!;
    for (let k = 0; k < c; k++) means[k]! /= frames;
    for (let m = 0; m < timeMasks; m++) {
      const width = Math.floor(random() * (Math.min(maxTimeWidth, frames) + 1));
      const start = Math.floor(random() * (frames - width + 1));
      for (let t = start; t < start + width; t++) {
        for (let k = 0; k < c; k++) data[t * c + k] = means[k]!;
      }
    }
    for (let m = 0; m < frequencyMasks; m++) {
      const width = Math.floor(random() * (Math.min(maxFrequencyWidth, c) + 1));
      const start = Math.floor(random() * (c - width + 1));
      for (let t = 0; t < frames; t++) {
        for (let k = start; k < start + width; k++) data[t * c + k] = means[k]!;
      }
    }
    return { ...example, data };
  };
}

/**
 * Keeps a random contiguous part of at least `minFraction` of the frames (a crop/shift for
 * variable-length models; fixed-length models are cropped at random by the trainer already).
 *
 * @example
 * ```ts
 * const crop = randomCrop({ minFraction: 0.8 });
 * ```
 */
export function randomCrop(options: { readonly minFraction: number }): Augmentation {
  const { minFraction } = options;
  if (!(minFraction > 0 && minFraction <= 1)) {
    throw new ModelConfigError('minFraction', `must be in (0, 1], got ${minFraction}`);
  }
  return (example, random) => {
    const shortest = Math.max(1, Math.ceil(example.frames * minFraction));
    const frames = shortest + Math.floor(random() * (example.frames - shortest + 1));
    const start = Math.floor(random() * (example.frames - frames + 1));
    const c = example.coefficients;
    return {
      frames,
      coefficients: c,
      data: example.data.slice(start * c, (start + frames) * c),
    };
  };
}

/**
 * Applies augmentations one after another.
 *
 * @example
 * ```ts
 * const augment = composeAugmentations(gainOffset({ maxOffset: 6 }), specAugment(), gaussianNoise({ std: 0.1 }));
 * ```
 */
export function composeAugmentations(...augmentations: readonly Augmentation[]): Augmentation {
  return (example, random) =>
    augmentations.reduce((current, augment) => augment(current, random), example);
}
