/**
 * `librosa.load(path, …)` for files on disk: reads only the header and the frames asked for.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { AudioFormatError } from '../errors';
import {
  type AudioSignal,
  finishLoad,
  frameRange,
  type LoadAudioOptions,
  type LoadSettings,
  loadSettings,
  type MultichannelAudioSignal,
} from '../load';
import { decodeWavFrames, locateWavData, sampleLayout } from '../wav';

/**
 * Options of {@link loadAudioFile}: those of `loadAudio` except `source`, which is the path.
 *
 * @example
 * ```ts
 * const options: LoadAudioFileOptions = { sr: 22050, offset: 0.5, duration: 3 };
 * ```
 */
export type LoadAudioFileOptions = Omit<LoadAudioOptions, 'source'>;

/** Bytes read first; the `fmt ` and `data` chunk headers of real files sit well inside. */
const HEAD_BYTES = 64 * 1024;
/** How much more of the file is read each time the header is not yet complete. */
const HEAD_GROWTH = 16;

/** Reads `length` bytes at `position` into a fresh (so aligned) array; short when the file is. */
async function readAt(
  handle: FileHandle,
  position: number,
  length: number,
  path: string,
): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(length);
  } catch (error) {
    throw new AudioFormatError('unreadable', `cannot hold ${length} bytes of it in memory`, path, {
      cause: error,
    });
  }
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(bytes, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? bytes : bytes.subarray(0, filled);
}

/** An error from the file system (it carries an errno-style `code` such as `'ENOENT'`). */
function isSystemError(error: unknown): error is Error & { readonly code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

function fileError(error: unknown, path: string): AudioFormatError {
  const code = isSystemError(error) ? error.code : undefined;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new AudioFormatError('not-found', 'file not found', path, { cause: error });
  }
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'is a directory'
        : `cannot read the file (${code ?? String(error)})`;
  return new AudioFormatError('unreadable', reason, path, { cause: error });
}

async function loadOpen(
  handle: FileHandle,
  path: string,
  settings: LoadSettings,
): Promise<AudioSignal | MultichannelAudioSignal> {
  const stat = await handle.stat();
  if (!stat.isFile()) {
    throw new AudioFormatError(
      'unreadable',
      stat.isDirectory() ? 'is a directory' : 'not a regular file',
      path,
    );
  }
  // Read more of the start of the file until its header is complete (large chunks before
  // `data` are rare). A short read means the file shrank: then what was read is the file.
  let headSize = Math.min(stat.size, HEAD_BYTES);
  let bytes = await readAt(handle, 0, headSize, path);
  let info = locateWavData(bytes, bytes.length < headSize ? bytes.length : stat.size, path);
  while (info === undefined) {
    headSize = Math.min(stat.size, headSize * HEAD_GROWTH);
    bytes = await readAt(handle, 0, headSize, path);
    info = locateWavData(bytes, bytes.length < headSize ? bytes.length : stat.size, path);
  }
  const { start, count } = frameRange(info.frames, info.sampleRate, settings);
  let offset = info.dataOffset + start * info.blockAlign;
  const length = count * info.blockAlign;
  if (offset + length > bytes.length) {
    bytes = await readAt(handle, offset, length, path);
    offset = 0;
    if (bytes.length < length) {
      throw new AudioFormatError('truncated', 'the file got shorter while it was read', path);
    }
  }
  const channels = decodeWavFrames(bytes, offset, sampleLayout(info), count, path);
  return finishLoad(channels, info.sampleRate, settings);
}

/**
 * Loads an audio file with `librosa.load(path, sr=…, mono=…, offset=…, duration=…)` semantics
 * (see `loadAudio`): WAV in PCM 8/16/24/32-bit, float 32/64 or `WAVE_FORMAT_EXTENSIBLE`, cut at
 * the file's own rate, mixed to mono, resampled to `sr` (default 22050 Hz).
 *
 * Reads only what it needs: the first 64 KiB for the header (more only when the chunks before
 * `data` are larger), then the bytes of the requested frames, so a 3 s cut of an hour-long file
 * reads about 3 s of it.
 *
 * @param path - The file's path.
 * @param options - `sr`, `mono`, `offset`, `duration` as librosa.
 * @throws {@link AudioFormatError} whose message starts with the path: `not-found` when the file
 *   does not exist, `unreadable` for a directory, missing permission or an I/O error (the file
 *   system's error is the `cause`), or any of `decodeWav`'s problems.
 * @throws {@link FeatureParameterError} for `sr` ≤ 0 or a negative `offset`/`duration`.
 *
 * @example
 * ```ts
 * // y, sr = librosa.load(path, duration=3, offset=0.5)
 * const { samples, sampleRate } = await loadAudioFile('OAF_back_angry.wav', { offset: 0.5, duration: 3 });
 * // librosa.load(path, sr=None, mono=False)
 * const { channels } = await loadAudioFile('stereo.wav', { sr: null, mono: false });
 * ```
 */
export async function loadAudioFile(
  path: string,
  options?: LoadAudioFileOptions & { readonly mono?: true },
): Promise<AudioSignal>;
export async function loadAudioFile(
  path: string,
  options: LoadAudioFileOptions & { readonly mono: false },
): Promise<MultichannelAudioSignal>;
export async function loadAudioFile(
  path: string,
  options?: LoadAudioFileOptions,
): Promise<AudioSignal | MultichannelAudioSignal>;
export async function loadAudioFile(
  path: string,
  options: LoadAudioFileOptions = {},
): Promise<AudioSignal | MultichannelAudioSignal> {
  const settings = loadSettings({ ...options, source: path });
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(error, path);
  }
  try {
    return await loadOpen(handle, path, settings);
  } catch (error) {
    throw isSystemError(error) ? fileError(error, path) : error;
  } finally {
    await handle.close();
  }
}
