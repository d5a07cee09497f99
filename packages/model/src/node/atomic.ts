/**
 * Writing a folder of files so that readers see either the old folder or the complete new one,
 * never a half-written one, and nothing existing is lost.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, mkdtemp, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BundleError } from '../errors';

/**
 * Options of {@link writeDirectoryAtomically}.
 *
 * @example
 * ```ts
 * await saveBundle(dir, model, metadata, { overwrite: true });
 * ```
 */
export interface AtomicWriteOptions {
  /** Replace an existing folder (swapped in by renames). Default false: refuse. */
  readonly overwrite?: boolean;
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (code(error) === 'ENOENT') return false;
    throw error;
  }
}

async function writeFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `files` (name → bytes) into folder `dir`: first into a temporary sibling folder, which
 * is then renamed to `dir`. An existing `dir` is refused (`BundleError` `exists`) unless
 * `overwrite`, in which case it is renamed aside, the new folder renamed in, and the old one
 * deleted; if the swap fails the old folder is put back.
 *
 * @example
 * ```ts
 * await writeDirectoryAtomically('models/ser-v1', new Map([['a.txt', bytes]]), { overwrite: true });
 * ```
 */
export async function writeDirectoryAtomically(
  dir: string,
  files: ReadonlyMap<string, Uint8Array>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const parent = dirname(dir);
  const name = basename(dir);
  try {
    await mkdir(parent, { recursive: true });
  } catch (error) {
    throw new BundleError('io', parent, `cannot create folder: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!options.overwrite && (await exists(dir))) {
    throw new BundleError('exists', dir, 'already exists; pass { overwrite: true } to replace it');
  }
  const staging = await mkdtemp(join(parent, `.${name}.tmp-`));
  try {
    for (const [file, bytes] of files) await writeFileDurably(join(staging, file), bytes);
    if (!(await exists(dir))) {
      try {
        await rename(staging, dir); // fails on a non-empty folder that appeared meanwhile
        return;
      } catch (error) {
        if (!['ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EISDIR'].includes(code(error) ?? '')) throw error;
        if (!options.overwrite)
          throw new BundleError('exists', dir, 'appeared while writing; nothing was replaced');
      }
    }
    const aside = join(parent, `.${name}.old-${randomBytes(6).toString('hex')}`);
    await rename(dir, aside);
    try {
      await rename(staging, dir);
    } catch (error) {
      await rename(aside, dir);
      throw error;
    }
    await rm(aside, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof BundleError) throw error;
    throw new BundleError('io', dir, `cannot write: ${(error as Error).message}`, { cause: error });
  }
}
