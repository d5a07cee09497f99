/**
 * `ser demo` (what `npm start` runs): the shipped model on the bundled sample recordings.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../io';
import { SHIPPED_MODEL } from '../predictor';
import { predictCommand } from './predict';

/**
 * The folder of the bundled sample recordings (`samples/` of the @ser/cli package).
 *
 * @example
 * ```ts
 * const folder = samplesDir(); // …/packages/cli/samples
 * ```
 */
export function samplesDir(): string {
  const here =
    typeof __filename === 'string' ? __filename : fileURLToPath(new URL(import.meta.url));
  // src/commands/ or dist/ → the package folder.
  const folder = dirname(here);
  return basenameIs(folder, 'commands')
    ? join(folder, '..', '..', 'samples')
    : join(folder, '..', 'samples');
}

function basenameIs(path: string, name: string): boolean {
  return path.endsWith(`/${name}`) || path.endsWith(`\\${name}`);
}

/**
 * Predicts the bundled samples with the shipped model and prints a table (or JSON lines).
 *
 * @example
 * ```ts
 * process.exitCode = await demoCommand({ json: false }, io);
 * ```
 */
export async function demoCommand(options: { readonly json: boolean }, io: CliIo): Promise<number> {
  const folder = samplesDir();
  const files = (await readdir(folder))
    .filter((name) => name.toLowerCase().endsWith('.wav'))
    .sort()
    .map((name) => relative(process.cwd(), join(folder, name)));
  if (!options.json) {
    io.stdout(
      `Model ${SHIPPED_MODEL} (RAVDESS, 8 emotions) on the bundled eSpeak NG samples in ${folder}.\n` +
        'They are synthetic, not acted emotions: try `ser predict your.wav`.\n\n',
    );
  }
  return predictCommand({ model: undefined, files, json: options.json }, io);
}
