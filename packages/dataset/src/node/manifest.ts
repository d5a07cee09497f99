import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DatasetError } from '../errors';
import {
  compareWithManifest,
  formatManifest,
  type IntegrityReport,
  type ManifestEntry,
  manifestMatcher,
  type ObservedFile,
  parseManifest,
} from '../integrity';
import { writeFileAtomic } from './atomic';
import { mapConcurrent } from './concurrency';
import { sha256File } from './hash';
import { listFiles } from './scan';

/** Files hashed at once: enough to keep the disk busy, few enough to stay light. */
const IO_CONCURRENCY = 8;

/**
 * Reads a manifest file (TSV: `path`, `sha256`, `size_bytes`).
 *
 * @throws {@link DatasetError} `missing-path` / `unreadable-file` for a file that cannot be read,
 * `bad-manifest` naming the line of a malformed entry.
 * @example
 * ```ts
 * const tess = await readManifest('/shared/data/manifests/tess.tsv'); // 2800 entries
 * ```
 */
export async function readManifest(file: string): Promise<ManifestEntry[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new DatasetError(
      error.code === 'ENOENT' ? 'missing-path' : 'unreadable-file',
      error.message,
      file,
      { cause: error },
    );
  });
  return parseManifest(text, file);
}

/**
 * Writes a manifest file atomically (see `formatManifest`).
 *
 * @example
 * ```ts
 * await writeManifest('my-copy.tsv', await createManifest('/data/tess'));
 * ```
 */
export async function writeManifest(
  file: string,
  entries: readonly ManifestEntry[],
): Promise<void> {
  await writeFileAtomic(file, formatManifest(entries));
}

/**
 * A manifest of every file under a folder (size and SHA-256), paths relative to it.
 *
 * @throws {@link DatasetError} `missing-path` / `unreadable-file`.
 * @example
 * ```ts
 * const entries = await createManifest('/data/ravdess'); // 960 entries
 * ```
 */
export async function createManifest(root: string): Promise<ManifestEntry[]> {
  return mapConcurrent(await listFiles(root), IO_CONCURRENCY, async (path) => {
    const file = join(root, path);
    const { size } = await stat(file);
    return { path, sha256: await sha256File(file), sizeBytes: size };
  });
}

/**
 * Options of {@link verifyCorpus}.
 *
 * @example
 * ```ts
 * const options: VerifyOptions = { onProgress: (done, total) => console.log(`${done}/${total}`) };
 * ```
 */
export interface VerifyOptions {
  /** Called after each file is checked, with files done and files found. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Checks a copy of a corpus against its manifest: every file under `root` (paths relative to
 * it) is matched to its entry (a nested copy of the tree matches too, see `manifestMatcher`),
 * its size compared, and when the size is right its SHA-256. Reports missing, extra and
 * corrupted files.
 *
 * @throws {@link DatasetError} `missing-path` / `unreadable-file`.
 * @example
 * ```ts
 * const report = await verifyCorpus('/data/tess', await readManifest('manifests/tess.tsv'));
 * if (!report.intact) console.error(report.missing.length, report.extra, report.corrupted);
 * ```
 */
export async function verifyCorpus(
  root: string,
  manifest: readonly ManifestEntry[],
  options: VerifyOptions = {},
): Promise<IntegrityReport> {
  const absolute = resolve(root);
  const files = await listFiles(absolute);
  const match = manifestMatcher(manifest);
  let done = 0;
  const observed = await mapConcurrent(
    files,
    IO_CONCURRENCY,
    async (path): Promise<ObservedFile> => {
      const file = join(absolute, path);
      const { size } = await stat(file);
      const entry = match(path);
      const hashed =
        entry !== undefined && entry.sizeBytes === size ? { sha256: await sha256File(file) } : {};
      options.onProgress?.(++done, files.length);
      return { path, sizeBytes: size, ...hashed };
    },
  );
  return compareWithManifest(manifest, observed);
}
