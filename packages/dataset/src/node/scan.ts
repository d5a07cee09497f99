import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type CorpusIndex, type IndexCorpusOptions, indexCorpus } from '../corpus';
import { DatasetError } from '../errors';

function unreadable(path: string, error: unknown): DatasetError {
  return new DatasetError('unreadable-file', `cannot read: ${(error as Error).message}`, path, {
    cause: error,
  });
}

/**
 * Every file under a folder (following symbolic links, each real folder visited once), as paths
 * relative to it with `/` separators, sorted by code units.
 *
 * @throws {@link DatasetError} `missing-path` when `root` does not exist or is not a folder,
 * `unreadable-file` naming a folder that cannot be listed.
 * @example
 * ```ts
 * await listFiles('/data/ravdess'); // ['Actor_01/03-01-01-01-01-01-01.wav', …]
 * ```
 */
export async function listFiles(root: string): Promise<string[]> {
  const info = await stat(root).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new DatasetError(
      'missing-path',
      info === undefined ? 'no such folder' : 'not a folder',
      root,
    );
  }
  const files: string[] = [];
  const visited = new Set<string>();
  const walk = async (folder: string, prefix: string): Promise<void> => {
    const real = await realpath(folder).catch((error: unknown) =>
      Promise.reject(unreadable(folder, error)),
    );
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(folder, { withFileTypes: true }).catch((error: unknown) =>
      Promise.reject(unreadable(folder, error)),
    );
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      let isFolder = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined);
        if (target === undefined) continue; // dangling link: nothing to read
        isFolder = target.isDirectory();
      }
      if (isFolder) await walk(path, relative);
      else files.push(relative);
    }
  };
  await walk(resolve(root), '');
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A corpus's utterances from a folder: lists the files ({@link listFiles}) and indexes them
 * (`indexCorpus`: corpus detection, name parsing, duplicates such as the nested copy of the
 * Kaggle TESS download counted once). Utterance paths are absolute.
 *
 * @throws {@link DatasetError} `missing-path`, `empty-folder`, `unknown-naming`, `mixed-corpora`,
 * `label-mismatch`, `unreadable-file`, naming the folder or file.
 * @example
 * ```ts
 * const tess = await loadCorpus('/data/TESS Toronto emotional speech set data');
 * tess.corpus; // 'tess'
 * tess.utterances.length; // 2800, even when the download holds the tree twice
 * tess.notes; // ['2800 recordings are present more than once (…); each is counted once, …']
 * ```
 */
export async function loadCorpus(
  root: string,
  options: Omit<IndexCorpusOptions, 'source'> = {},
): Promise<CorpusIndex & { readonly root: string }> {
  const absolute = resolve(root);
  const files = await listFiles(absolute);
  return {
    ...indexCorpus(
      files.map((file) => join(absolute, file)),
      { ...options, source: absolute },
    ),
    root: absolute,
  };
}
