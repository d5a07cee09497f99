/**
 * Builds TESS-shaped folder trees for tests: the 2800 real file names from the shared manifest,
 * each holding a tiny generated WAV (distinct content per file, so hashes tell files apart).
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { encodeWav } from '@ser/features';
import { dataPath } from '../../../../tools/data';

/** Outer folder of the common Kaggle download; its nested copy repeats this name inside itself. */
export const KAGGLE_FOLDER = 'TESS Toronto emotional speech set data';

/** The real TESS manifest, when the shared data folder is present. */
export const tessManifestPath = dataPath('manifests', 'tess.tsv');

/** The 2800 real TESS paths (`OAF_Fear/OAF_back_fear.wav`, …) from the manifest. */
export function realTessPaths(manifest: string): string[] {
  return readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.split('\t')[0]!);
}

/** A short 16-bit WAV whose samples depend on `index` (so every file is different). */
export function tinyWav(index: number, frames = 64): Uint8Array {
  const samples = Float32Array.from(
    { length: frames },
    (_, n) => 0.5 * Math.sin((n + 1) * (index + 1) * 0.001),
  );
  return encodeWav([samples], { sampleRate: 24414 });
}

/** Writes the given relative paths under `root`, each with its own tiny WAV. */
export async function writeTree(root: string, paths: readonly string[]): Promise<void> {
  const folders = new Set(paths.map((path) => dirname(join(root, path))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  await Promise.all(paths.map((path, index) => writeFile(join(root, path), tinyWav(index))));
}

/** A fresh temporary folder. */
export function temporaryFolder(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `ser-dataset-${prefix}-`));
}
