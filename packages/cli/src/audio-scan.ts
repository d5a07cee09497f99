/**
 * What the audio of a corpus is: sample rates, channels, sample formats, durations, and the files
 * that cannot be decoded — read from each file's WAV header, without decoding samples.
 */
import { readFile } from 'node:fs/promises';
import { readWavInfo } from '@ser/features';

/**
 * Header facts of a set of WAV files.
 *
 * @example
 * ```ts
 * const scan: AudioScan = await scanAudio(paths);
 * console.log(scan.sampleRates, scan.seconds.total);
 * ```
 */
export interface AudioScan {
  /** Files whose header could be read. */
  readonly readable: number;
  /** Count per sample rate (Hz). */
  readonly sampleRates: Readonly<Record<string, number>>;
  /** Count per channel count. */
  readonly channels: Readonly<Record<string, number>>;
  /** Count per sample format (`pcm 16-bit`, `float 32-bit`, …). */
  readonly encodings: Readonly<Record<string, number>>;
  /** Shortest, longest and total duration in seconds. */
  readonly seconds: { readonly min: number; readonly max: number; readonly total: number };
  /** Files that are not decodable WAV, or whose data chunk is cut short, with the problem. */
  readonly problems: readonly { readonly path: string; readonly problem: string }[];
}

function count(table: Record<string, number>, key: string | number): void {
  table[String(key)] = (table[String(key)] ?? 0) + 1;
}

/**
 * Reads the header of every file (four at a time) and tallies formats and durations.
 *
 * @example
 * ```ts
 * const { problems } = await scanAudio(index.utterances.map((u) => u.path), (done, total) => bar.update(done, total));
 * ```
 */
export async function scanAudio(
  paths: readonly string[],
  onProgress?: (done: number, total: number) => void,
): Promise<AudioScan> {
  const sampleRates: Record<string, number> = {};
  const channels: Record<string, number> = {};
  const encodings: Record<string, number> = {};
  const problems: { path: string; problem: string }[] = [];
  let readable = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  let total = 0;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      try {
        const info = readWavInfo(new Uint8Array(await readFile(path)), { source: path });
        readable++;
        count(sampleRates, info.sampleRate);
        count(channels, info.channelCount);
        count(encodings, `${info.encoding} ${info.bitsPerSample}-bit`);
        const seconds = info.frames / info.sampleRate;
        min = Math.min(min, seconds);
        max = Math.max(max, seconds);
        total += seconds;
        if (info.truncated) problems.push({ path, problem: 'data chunk is cut short' });
      } catch (error) {
        problems.push({ path, problem: (error as Error).message });
      }
      onProgress?.(++done, paths.length);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    readable,
    sampleRates,
    channels,
    encodings,
    seconds: { min: readable === 0 ? 0 : min, max, total },
    problems,
  };
}
