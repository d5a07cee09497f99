/**
 * The recognizer `ser predict` and `ser demo` use: a bundle folder, or the pretrained model that
 * ships with @ser/runtime.
 */
import type { EmotionRecognizer } from '@ser/runtime';
import { loadDefaultRecognizer, loadRecognizer } from '@ser/runtime/node';

/** The name of the pretrained model shipped in @ser/runtime's `models/` folder. */
export const SHIPPED_MODEL = 'ravdess-statistics-mlp';

/**
 * Loads the bundle in folder `model`, or the shipped pretrained model when `model` is undefined.
 *
 * @example
 * ```ts
 * const recognizer = await openRecognizer(undefined);
 * const prediction = await recognizer.predict('speech.wav');
 * ```
 */
export function openRecognizer(model: string | undefined): Promise<EmotionRecognizer> {
  return model === undefined
    ? loadDefaultRecognizer({ name: SHIPPED_MODEL })
    : loadRecognizer(model);
}
