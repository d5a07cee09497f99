import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../../tools/errors';
import { DatasetError } from '../src/errors';
import {
  compareWithManifest,
  formatManifest,
  type ManifestEntry,
  manifestMatcher,
  parseManifest,
} from '../src/integrity';

const hash = (c: string) => c.repeat(64);
const entries: ManifestEntry[] = [
  { path: 'OAF_Fear/OAF_back_fear.wav', sha256: hash('a'), sizeBytes: 100 },
  { path: 'OAF_Fear/OAF_bar_fear.wav', sha256: hash('b'), sizeBytes: 200 },
  { path: 'YAF_sad/YAF_bar_sad.wav', sha256: hash('c'), sizeBytes: 300 },
];

const errorOf = (run: () => unknown): DatasetError => thrownBy(DatasetError, run);

describe('manifest text', () => {
  it('round-trips through formatManifest and parseManifest, columns in any order', () => {
    expect(parseManifest(formatManifest(entries))).toEqual(entries);
    const reordered = `size_bytes\tpath\tsha256\r\n100\tx/a.wav\t${hash('D')}\r\n`;
    expect(parseManifest(reordered)).toEqual([
      { path: 'x/a.wav', sha256: hash('d'), sizeBytes: 100 },
    ]);
  });

  it('names the line of a malformed entry', () => {
    const bad = (body: string) =>
      errorOf(() => parseManifest(`path\tsha256\tsize_bytes\n${body}`, 'm.tsv'));
    expect(bad(`a.wav\tzz\t1`).message).toBe('m.tsv:2: "zz" is not a SHA-256 hex digest');
    expect(bad(`a.wav\t${hash('a')}\t-1`).message).toContain('m.tsv:2: "-1" is not a size');
    expect(bad(`a.wav\t${hash('a')}\t1\na.wav\t${hash('a')}\t1`).message).toBe(
      'm.tsv:3: "a.wav" is listed twice',
    );
    expect(errorOf(() => parseManifest('path\thash\n', 'm.tsv')).message).toBe(
      'm.tsv:1: header lacks column(s) sha256, size_bytes',
    );
    expect(bad('x').code).toBe('bad-manifest');
  });
});

describe('compareWithManifest', () => {
  it('reports missing, extra and corrupted files (by size, then by hash)', () => {
    const report = compareWithManifest(entries, [
      { path: 'OAF_Fear/OAF_back_fear.wav', sizeBytes: 100, sha256: hash('a') },
      { path: 'OAF_Fear/OAF_bar_fear.wav', sizeBytes: 200, sha256: hash('f') },
      { path: 'OAF_Fear/OAF_new_fear.wav', sizeBytes: 5 },
    ]);
    expect(report.verified).toBe(1);
    expect(report.missing).toEqual(['YAF_sad/YAF_bar_sad.wav']);
    expect(report.extra).toEqual(['OAF_Fear/OAF_new_fear.wav']);
    expect(report.corrupted.map((c) => [c.path, c.problem])).toEqual([
      ['OAF_Fear/OAF_bar_fear.wav', 'sha256'],
    ]);
    expect(report.intact).toBe(false);
  });

  it('checks every copy of a nested tree against its entry', () => {
    const observed = entries.flatMap((e) => [
      { path: `T/${e.path}`, sizeBytes: e.sizeBytes, sha256: e.sha256 },
      {
        path: `T/T/${e.path}`,
        sizeBytes: e.path.includes('bar_sad') ? 1 : e.sizeBytes,
        sha256: e.sha256,
      },
    ]);
    const report = compareWithManifest(entries, observed);
    expect(report.verified).toBe(5);
    expect(report.copies).toHaveLength(3);
    expect(report.corrupted).toMatchObject([
      { path: 'T/T/YAF_sad/YAF_bar_sad.wav', problem: 'size', sizeBytes: 1 },
    ]);
    expect(report.missing).toEqual([]);
  });

  it('does not count a same-size file without a hash as verified', () => {
    const report = compareWithManifest(entries.slice(0, 1), [
      { path: 'OAF_Fear/OAF_back_fear.wav', sizeBytes: 100 },
    ]);
    expect(report.unverified).toEqual(['OAF_Fear/OAF_back_fear.wav']);
    expect(report.intact).toBe(false);
  });

  it('matches by whole path components, longest first', () => {
    const find = manifestMatcher(entries);
    expect(find('x/OAF_Fear/OAF_back_fear.wav')?.path).toBe('OAF_Fear/OAF_back_fear.wav');
    expect(find('xOAF_Fear/OAF_back_fear.wav')).toBeUndefined();
    expect(find('C:\\tess\\OAF_Fear\\OAF_back_fear.wav')?.path).toBe('OAF_Fear/OAF_back_fear.wav');
  });
});
