import { readFile } from 'node:fs/promises';
import { type DecodedWav, decodeWav } from '@ser/features';
import { DatasetError } from '../errors';
import { mapConcurrent } from './concurrency';
import { sha256Bytes } from './hash';

/**
 * Files that hold the same recording: byte-identical, or decoding to the same samples within a
 * tolerance (a copy re-encoded with dither, as the RAVDESS Actor_07 pair is in the 24 kHz copy).
 *
 * @example
 * ```ts
 * const groups: ContentGroups = await findContentGroups(paths);
 * stratifiedSplit(utterances, { seed: 1, group: (u) => groups.groupOf(u.path) });
 * ```
 */
export interface ContentGroups {
  /** Every group of two or more files with the same content, paths sorted, groups sorted. */
  readonly groups: readonly (readonly string[])[];
  /** The group key of a file (its group's first path), or `undefined` when its content is unique. */
  groupOf(path: string): string | undefined;
  /** Files whose audio could not be decoded (compared by bytes only), with the reason. */
  readonly undecodable: readonly { readonly path: string; readonly message: string }[];
}

/**
 * Options of {@link findContentGroups}.
 *
 * @example
 * ```ts
 * const options: ContentGroupOptions = { tolerance: 0 }; // byte-identical files only
 * ```
 */
export interface ContentGroupOptions {
  /**
   * Largest absolute sample difference (full scale = 1) at which two decoded recordings of the same
   * length, rate and channel count count as the same content; default 2⁻¹² (8 steps of 16-bit
   * audio: dither, not a different take). `0` compares bytes only and decodes nothing.
   */
  readonly tolerance?: number;
  /** Called after each file is read in the first pass, with files done and total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Blocks of the coarse loudness profile used to rule out most pairs without comparing samples. */
const PROFILE_BLOCKS = 32;
const IO_CONCURRENCY = 4;

interface Signature {
  readonly path: string;
  readonly sha256: string;
  /** `rate/channels/frames`: only recordings with the same shape can be the same content. */
  readonly shape: string;
  /** RMS of each block of the first channel, then of all samples. */
  readonly profile: Float64Array;
}

function rms(samples: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

function profileOf(wav: DecodedWav): Float64Array {
  const profile = new Float64Array(PROFILE_BLOCKS + 1);
  const first = wav.channels[0] ?? new Float32Array();
  for (let b = 0; b < PROFILE_BLOCKS; b++) {
    profile[b] = rms(
      first,
      Math.floor((b * first.length) / PROFILE_BLOCKS),
      Math.floor(((b + 1) * first.length) / PROFILE_BLOCKS),
    );
  }
  let sum = 0;
  for (const channel of wav.channels) for (const x of channel) sum += x * x;
  profile[PROFILE_BLOCKS] = Math.sqrt(sum / Math.max(1, wav.frames * wav.channels.length));
  return profile;
}

/** Samples differing by at most `tolerance` everywhere change block RMS by at most `tolerance`. */
function profilesClose(a: Float64Array, b: Float64Array, tolerance: number): boolean {
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > tolerance) return false;
  return true;
}

function samplesClose(a: DecodedWav, b: DecodedWav, tolerance: number): boolean {
  return a.channels.every((channel, c) => {
    const other = b.channels[c]!;
    for (let i = 0; i < channel.length; i++)
      if (Math.abs(channel[i]! - other[i]!) > tolerance) return false;
    return true;
  });
}

async function decodeFile(path: string): Promise<DecodedWav> {
  return decodeWav(await readFile(path), { source: path });
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Union–find over indices. */
function disjointSets(size: number): {
  find(i: number): number;
  union(a: number, b: number): void;
} {
  const parent = Array.from({ length: size }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  return { find, union: (a, b) => void (parent[find(a)] = find(b)) };
}

/**
 * Finds files with the same content, to keep them on one side of every split (the split
 * functions' `group` option). Byte-identical files are found by SHA-256. With a tolerance (the
 * default), audio of the same shape (rate, channels, frames) whose coarse loudness profiles agree
 * is decoded and compared sample by sample; only such candidates are ever decoded twice, and no
 * more than two recordings are held at once.
 *
 * @throws {@link DatasetError} `unreadable-file` naming a file that cannot be read; `bad-options`
 * for a negative tolerance.
 * @example
 * ```ts
 * const ravdess = await loadCorpus('/data/ravdess-24k');
 * const groups = await findContentGroups(ravdess.utterances.map((u) => u.path));
 * groups.groups; // [['…/Actor_07/03-01-03-01-02-01-07.wav', '…/Actor_07/03-01-03-01-02-02-07.wav']]
 * ```
 */
export async function findContentGroups(
  paths: readonly string[],
  options: ContentGroupOptions = {},
): Promise<ContentGroups> {
  const tolerance = options.tolerance ?? 2 ** -12;
  if (!(tolerance >= 0))
    throw new DatasetError('bad-options', `tolerance must be ≥ 0, got ${tolerance}`);
  const sorted = [...new Set(paths)].sort();
  const undecodable: { path: string; message: string }[] = [];
  let done = 0;
  const signatures = await mapConcurrent(
    sorted,
    IO_CONCURRENCY,
    async (path): Promise<Signature> => {
      const bytes = await readFile(path).catch((error: Error) => {
        throw new DatasetError('unreadable-file', `cannot read: ${error.message}`, path, {
          cause: error,
        });
      });
      let shape = '';
      let profile: Float64Array = new Float64Array();
      if (tolerance > 0) {
        try {
          const wav = decodeWav(bytes, { source: path });
          shape = `${wav.sampleRate}/${wav.channels.length}/${wav.frames}`;
          profile = profileOf(wav);
        } catch (error) {
          undecodable.push({ path, message: (error as Error).message });
        }
      }
      options.onProgress?.(++done, sorted.length);
      return { path, sha256: sha256Bytes(bytes), shape, profile };
    },
  );

  const sets = disjointSets(signatures.length);
  const firstWithHash = new Map<string, number>();
  signatures.forEach((signature, i) => {
    const first = firstWithHash.get(signature.sha256);
    if (first === undefined) firstWithHash.set(signature.sha256, i);
    else sets.union(i, first);
  });

  if (tolerance > 0) {
    const byShape = new Map<string, number[]>();
    for (const i of firstWithHash.values()) {
      const { shape } = signatures[i]!;
      if (shape === '') continue;
      pushTo(byShape, shape, i);
    }
    for (const members of byShape.values()) {
      // sweep in order of overall loudness: only neighbours within `tolerance` can match
      members.sort(
        (a, b) => signatures[a]!.profile[PROFILE_BLOCKS]! - signatures[b]!.profile[PROFILE_BLOCKS]!,
      );
      for (let x = 0; x < members.length; x++) {
        const a = signatures[members[x]!]!;
        let decodedA: DecodedWav | undefined;
        for (let y = x + 1; y < members.length; y++) {
          const b = signatures[members[y]!]!;
          if (b.profile[PROFILE_BLOCKS]! - a.profile[PROFILE_BLOCKS]! > tolerance) break;
          if (
            sets.find(members[x]!) === sets.find(members[y]!) ||
            !profilesClose(a.profile, b.profile, tolerance)
          )
            continue;
          decodedA ??= await decodeFile(a.path);
          if (samplesClose(decodedA, await decodeFile(b.path), tolerance))
            sets.union(members[x]!, members[y]!);
        }
      }
    }
  }

  const byRoot = new Map<number, string[]>();
  signatures.forEach((signature, i) => {
    const root = sets.find(i);
    pushTo(byRoot, root, signature.path);
  });
  const groups = [...byRoot.values()]
    .filter((group) => group.length > 1)
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  const keyOf = new Map<string, string>();
  for (const group of groups) for (const path of group) keyOf.set(path, group[0]!);
  return {
    groups,
    groupOf: (path) => keyOf.get(path),
    undecodable: undecodable.sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
}
