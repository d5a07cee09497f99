/**
 * The classes @ser/model adds to TensorFlow.js serialisation. Each module registers its class
 * when loaded; loaders call {@link registerSerializables} as well, so that a bundler that
 * drops unused modules (the package is `sideEffects: false`) cannot leave a saved model
 * unreadable.
 */
import { OrthogonalInitializer } from './initializers';
import { AttentionPooling } from './layers/attention-pooling';
import { StatisticsPooling } from './layers/statistics-pooling';
import { tf } from './tf';

/**
 * Every serialisable class of the package.
 *
 * @example
 * ```ts
 * const names = SERIALIZABLE_CLASSES.map((cls) => cls.className);
 * ```
 */
export const SERIALIZABLE_CLASSES = [
  OrthogonalInitializer,
  AttentionPooling,
  StatisticsPooling,
] as const;

/**
 * Registers every serialisable class of the package with `tf.serialization` (idempotent).
 * Needed before `tfl.loadLayersModel` of a model that uses them, if nothing else of @ser/model
 * that registers them was imported.
 *
 * @example
 * ```ts
 * registerSerializables();
 * const model = await tfl.loadLayersModel('https://example.org/ser/model.json');
 * ```
 */
export function registerSerializables(): void {
  for (const cls of SERIALIZABLE_CLASSES) tf.serialization.registerClass(cls, 'ser');
}
