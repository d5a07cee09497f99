import { DatasetError } from './errors';

/**
 * One file of a manifest (a corpus's reference file list).
 *
 * @example
 * ```ts
 * const entry: ManifestEntry = { path: 'OAF_Fear/OAF_back_fear.wav', sha256: 'e5ec01b9…', sizeBytes: 84388 };
 * ```
 */
export interface ManifestEntry {
  /** Path relative to the corpus folder, with `/` separators. */
  readonly path: string;
  /** Lower-case hex SHA-256 of the file's bytes. */
  readonly sha256: string;
  readonly sizeBytes: number;
}

/**
 * A file as found on disk, for {@link compareWithManifest}. `sha256` may be left out when the
 * size already differs from the manifest's, or the file matches no entry (hashing is the slow part).
 *
 * @example
 * ```ts
 * const found: ObservedFile = { path: 'OAF_Fear/OAF_back_fear.wav', sizeBytes: 84388, sha256: 'e5ec01b9…' };
 * ```
 */
export interface ObservedFile {
  readonly path: string;
  readonly sizeBytes: number;
  readonly sha256?: string;
}

/**
 * A file whose bytes differ from its manifest entry.
 *
 * @example
 * ```ts
 * const bad: CorruptedFile = { path: 'OAF_Fear/OAF_back_fear.wav', expected, sizeBytes: 1024, problem: 'size' };
 * ```
 */
export interface CorruptedFile {
  /** Where the file was found. */
  readonly path: string;
  /** What the manifest says it should be. */
  readonly expected: ManifestEntry;
  /** Its actual size. */
  readonly sizeBytes: number;
  /** Its actual hash, when computed. */
  readonly sha256?: string;
  /** `size`: the size differs; `sha256`: same size, different content. */
  readonly problem: 'size' | 'sha256';
}

/**
 * The outcome of checking a copy of a corpus against its manifest.
 *
 * @example
 * ```ts
 * const report: IntegrityReport = compareWithManifest(manifest, found);
 * if (!report.intact) console.error(report.missing, report.extra, report.corrupted);
 * ```
 */
export interface IntegrityReport {
  /** Manifest entries. */
  readonly expected: number;
  /** Files found whose size and hash match their entry. */
  readonly verified: number;
  /** Manifest paths with no copy at all. */
  readonly missing: readonly string[];
  /** Files that match no manifest entry. */
  readonly extra: readonly string[];
  /** Files whose bytes differ from their entry. */
  readonly corrupted: readonly CorruptedFile[];
  /** Files with the right size whose hash was not given (so they are not verified). */
  readonly unverified: readonly string[];
  /** Manifest entries present more than once (e.g. a nested copy of the tree), with every location. */
  readonly copies: readonly { readonly entry: string; readonly paths: readonly string[] }[];
  /** Nothing missing, extra, corrupted or unverified (copies are allowed: each copy was checked). */
  readonly intact: boolean;
}

const HEADER = ['path', 'sha256', 'size_bytes'] as const;

/**
 * Reads a manifest: tab-separated, a header naming the columns `path`, `sha256`, `size_bytes`
 * (any order, other columns ignored), one file per line. `source` names it in error messages.
 *
 * @throws {@link DatasetError} `bad-manifest` naming the line of a missing column, a malformed
 * hash or size, or a path listed twice.
 * @example
 * ```ts
 * const entries = parseManifest('path\tsha256\tsize_bytes\nOAF_Fear/OAF_back_fear.wav\te5ec…\t84388\n', 'tess.tsv');
 * ```
 */
export function parseManifest(text: string, source = 'manifest'): ManifestEntry[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const columns = HEADER.map((name) => header.indexOf(name));
  const absent = HEADER.filter((_, i) => columns[i] === -1);
  if (absent.length > 0) {
    throw new DatasetError(
      'bad-manifest',
      `header lacks column(s) ${absent.join(', ')}`,
      `${source}:1`,
    );
  }
  const [pathColumn, hashColumn, sizeColumn] = columns as [number, number, number];
  const entries: ManifestEntry[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source}:${index + 2}`;
    const cells = line.split('\t');
    const path = (cells[pathColumn] ?? '').replaceAll('\\', '/');
    const sha256 = (cells[hashColumn] ?? '').toLowerCase();
    const size = cells[sizeColumn] ?? '';
    if (path === '') throw new DatasetError('bad-manifest', 'empty path', where);
    if (!/^[0-9a-f]{64}$/.test(sha256))
      throw new DatasetError(
        'bad-manifest',
        `"${cells[hashColumn]}" is not a SHA-256 hex digest`,
        where,
      );
    if (!/^\d+$/.test(size))
      throw new DatasetError('bad-manifest', `"${size}" is not a size in bytes`, where);
    if (seen.has(path)) throw new DatasetError('bad-manifest', `"${path}" is listed twice`, where);
    seen.add(path);
    entries.push({ path, sha256, sizeBytes: Number(size) });
  });
  return entries;
}

/**
 * Writes entries as manifest text (the format {@link parseManifest} reads), sorted by path.
 *
 * @example
 * ```ts
 * formatManifest([{ path: 'a.wav', sha256: '00'.repeat(32), sizeBytes: 44 }]);
 * // 'path\tsha256\tsize_bytes\na.wav\t0000…\t44\n'
 * ```
 */
export function formatManifest(entries: readonly ManifestEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return `${HEADER.join('\t')}\n${sorted.map((e) => `${e.path}\t${e.sha256}\t${e.sizeBytes}\n`).join('')}`;
}

/**
 * The manifest entry a found file is a copy of: the entry whose path is the longest trailing
 * part of the file's path, so `TESS/TESS/OAF_Fear/OAF_back_fear.wav` (a nested copy) matches
 * `OAF_Fear/OAF_back_fear.wav`. `undefined` when none matches.
 *
 * @example
 * ```ts
 * const find = manifestMatcher(entries);
 * find('download/TESS/OAF_Fear/OAF_back_fear.wav')?.path; // 'OAF_Fear/OAF_back_fear.wav'
 * ```
 */
export function manifestMatcher(
  entries: readonly ManifestEntry[],
): (path: string) => ManifestEntry | undefined {
  const byPath = new Map(entries.map((entry) => [entry.path, entry]));
  return (path) => {
    const parts = path.split(/[\\/]/).filter((part) => part !== '');
    for (let start = 0; start < parts.length; start++) {
      const entry = byPath.get(parts.slice(start).join('/'));
      if (entry !== undefined) return entry;
    }
    return undefined;
  };
}

/**
 * Compares the files found in a copy of a corpus with its manifest: what is missing, what is
 * extra, what is corrupted (size or hash differs). A nested copy of the tree is matched entry by
 * entry (see {@link manifestMatcher}) and every copy is checked.
 *
 * @example
 * ```ts
 * const report = compareWithManifest(entries, [{ path: 'OAF_Fear/OAF_back_fear.wav', sizeBytes: 10 }]);
 * report.corrupted[0]?.problem; // 'size'
 * report.missing.length; // entries.length - 1
 * ```
 */
export function compareWithManifest(
  manifest: readonly ManifestEntry[],
  observed: readonly ObservedFile[],
): IntegrityReport {
  const match = manifestMatcher(manifest);
  const found = new Map<string, string[]>();
  const extra: string[] = [];
  const corrupted: CorruptedFile[] = [];
  const unverified: string[] = [];
  let verified = 0;
  for (const file of observed) {
    const entry = match(file.path);
    if (entry === undefined) {
      extra.push(file.path);
      continue;
    }
    const paths = found.get(entry.path);
    if (paths === undefined) found.set(entry.path, [file.path]);
    else paths.push(file.path);
    const actual = file.sha256 === undefined ? {} : { sha256: file.sha256.toLowerCase() };
    if (file.sizeBytes !== entry.sizeBytes) {
      corrupted.push({
        path: file.path,
        expected: entry,
        sizeBytes: file.sizeBytes,
        ...actual,
        problem: 'size',
      });
    } else if (actual.sha256 === undefined) {
      unverified.push(file.path);
    } else if (actual.sha256 !== entry.sha256) {
      corrupted.push({
        path: file.path,
        expected: entry,
        sizeBytes: file.sizeBytes,
        ...actual,
        problem: 'sha256',
      });
    } else verified++;
  }
  const missing = manifest.filter((entry) => !found.has(entry.path)).map((entry) => entry.path);
  const copies = [...found]
    .filter(([, paths]) => paths.length > 1)
    .map(([entry, paths]) => ({ entry, paths }));
  return {
    expected: manifest.length,
    verified,
    missing,
    extra,
    corrupted,
    unverified,
    copies,
    intact:
      missing.length === 0 &&
      extra.length === 0 &&
      corrupted.length === 0 &&
      unverified.length === 0,
  };
}
