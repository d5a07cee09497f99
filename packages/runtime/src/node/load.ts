/**
 * Loading recognizers in Node: a bundle directory, or the bundle shipped in this package's
 * `models/` folder. String inputs of these recognizers are file paths.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle } from '@ser/model/node';
import { RecognizerError } from '../errors';
import { EmotionRecognizer, type RecognizerOptions } from '../recognizer';

/**
 * Name of the bundle {@link loadDefaultRecognizer} loads: `models/default/` in this package.
 *
 * @example
 * ```ts
 * console.log(defaultModelDirectory(DEFAULT_MODEL_NAME)); // …/node_modules/@ser/runtime/models/ravdess-statistics-mlp
 * ```
 */
export const DEFAULT_MODEL_NAME = 'ravdess-statistics-mlp';

/** Reads a file for `predict('clip.wav')`. */
async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new RecognizerError('io', path, detail, { cause: error });
  }
}

/**
 * Loads a recognizer from a bundle directory (`metadata.json`, `model.json`, weight files),
 * verifying it, on the backend chosen by `options.backend` (default `'auto'`: tfjs-node's
 * `tensorflow` when installed, else `wasm`, else `cpu`). Its `predict` reads string inputs as
 * file paths.
 *
 * @throws @ser/model's `BundleError` for a missing, corrupt or inconsistent bundle.
 * @example
 * ```ts
 * const recognizer = await loadRecognizer('models/ravdess-seed');
 * const p = await recognizer.predict('speech.wav');
 * if (p.speech) console.log(p.label, p.scores);
 * ```
 */
export function loadRecognizer(
  dir: string,
  options: RecognizerOptions = {},
): Promise<EmotionRecognizer> {
  return EmotionRecognizer.create(() => loadBundle(dir), {
    readInput: readInputFile,
    ...options,
  });
}

/** Root folder of this package: the nearest ancestor of this module holding package.json. */
async function packageRoot(): Promise<string> {
  // The CommonJS build gets `import.meta.url` from tsup's shims.
  const here = dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (;;) {
    try {
      const text = await readFile(join(dir, 'package.json'), 'utf8');
      if ((JSON.parse(text) as { name?: string }).name === '@ser/runtime') return dir;
    } catch {
      // not here: keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) return resolve(here, '..');
    dir = parent;
  }
}

/**
 * The directory of a bundle shipped with this package: `<package>/models/<name>/`.
 *
 * @example
 * ```ts
 * const dir = await defaultModelDirectory('ravdess-statistics-mlp');
 * ```
 */
export async function defaultModelDirectory(name: string = DEFAULT_MODEL_NAME): Promise<string> {
  return join(await packageRoot(), 'models', name);
}

/**
 * Loads the pretrained bundle shipped in this package (`models/default/`, or `models/<name>/`).
 *
 * @throws {@link RecognizerError} (`no-default-model`) when that folder holds no bundle.
 * @example
 * ```ts
 * const recognizer = await loadDefaultRecognizer();
 * const p = await recognizer.predict('speech.wav');
 * ```
 */
export async function loadDefaultRecognizer(
  options: RecognizerOptions & { readonly name?: string } = {},
): Promise<EmotionRecognizer> {
  const { name, ...rest } = options;
  const dir = await defaultModelDirectory(name);
  const present = await stat(join(dir, 'metadata.json')).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!present) {
    throw new RecognizerError(
      'no-default-model',
      dir,
      'no model bundle here (metadata.json is missing): this build of @ser/runtime ships no pretrained model; load one with loadRecognizer(dir)',
    );
  }
  return loadRecognizer(dir, rest);
}
