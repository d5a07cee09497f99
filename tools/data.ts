/**
 * Where tests and benchmarks find the project's real data.
 *
 * `SER_DATA_DIR` wins; otherwise `../shared/data` beside the repository is used when it exists.
 * The golden librosa outputs live in `SER_GOLDEN_DIR`, defaulting to the `golden` folder beside
 * the data folder. A test that needs data it cannot find is skipped with the reason in its name,
 * so a run without data says so instead of silently passing.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/** The repository's root folder. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function existing(path: string | undefined): string | undefined {
  return path !== undefined && path !== '' && existsSync(path) ? resolve(path) : undefined;
}

/** The real-data folder, or `undefined` when there is none. */
export const dataDir: string | undefined = existing(
  process.env.SER_DATA_DIR ?? join(repoRoot, '..', 'shared', 'data'),
);

/** The librosa golden-output folder, or `undefined` when there is none. */
export const goldenDir: string | undefined = existing(
  process.env.SER_GOLDEN_DIR ?? (dataDir !== undefined ? join(dataDir, '..', 'golden') : undefined),
);

/** A path inside the data folder, or `undefined` when that file or folder is absent. */
export function dataPath(...parts: string[]): string | undefined {
  return dataDir === undefined ? undefined : existing(join(dataDir, ...parts));
}

/** A path inside the golden folder, or `undefined` when absent. */
export function goldenPath(...parts: string[]): string | undefined {
  return goldenDir === undefined ? undefined : existing(join(goldenDir, ...parts));
}

/**
 * `describe` that runs when `path` exists and is otherwise skipped under a title that names
 * what is missing and how to provide it.
 */
export function describeWithData(
  title: string,
  path: string | undefined,
  what: string,
  body: (path: string) => void,
): void {
  if (path === undefined) {
    describe.skip(`${title} [skipped: ${what} not found; set SER_DATA_DIR / SER_GOLDEN_DIR]`, () => {
      it(`needs ${what}`, () => {});
    });
    return;
  }
  describe(title, () => body(path));
}
