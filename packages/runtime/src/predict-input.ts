/**
 * What `predict` accepts, and turning it into audio @ser/features can load.
 */
import type { AudioInput, SampledAudio } from '@ser/features';
import { RecognizerError } from './errors';

/**
 * The parts of a Web Audio `AudioBuffer` the runtime reads (so any object with them works,
 * and nothing touches `window`).
 *
 * @example
 * ```ts
 * const buffer: AudioBufferLike = await new AudioContext().decodeAudioData(bytes);
 * ```
 */
export interface AudioBufferLike {
  readonly numberOfChannels: number;
  readonly sampleRate: number;
  readonly length: number;
  getChannelData(channel: number): Float32Array;
}

/**
 * Audio to recognise: samples with their rate (one `Float32Array` or one per channel), WAV
 * bytes, a Web Audio `AudioBuffer`, or a string — a file path for recognizers loaded in Node
 * with `@ser/runtime/node`, else a URL fetched with `fetch`.
 *
 * @example
 * ```ts
 * const inputs: PredictInput[] = [{ samples, sampleRate: 48000 }, wavBytes, audioBuffer, 'clip.wav'];
 * ```
 */
export type PredictInput = SampledAudio | Uint8Array | ArrayBuffer | AudioBufferLike | string;

/**
 * Reads the bytes a string input names; throws when it cannot.
 *
 * @example
 * ```ts
 * const readFile: InputReader = async (path) => new Uint8Array(await fs.promises.readFile(path));
 * ```
 */
export type InputReader = (location: string) => Promise<Uint8Array>;

/**
 * The default {@link InputReader}: `fetch`.
 *
 * @example
 * ```ts
 * const bytes = await fetchInput('https://example.org/clip.wav');
 * ```
 */
export async function fetchInput(location: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await globalThis.fetch(location);
  } catch (error) {
    throw new RecognizerError('io', location, `fetch failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!response.ok) throw new RecognizerError('io', location, `HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Whether `value` looks like a Web Audio `AudioBuffer`.
 *
 * @example
 * ```ts
 * if (isAudioBufferLike(input)) console.log(input.duration);
 * ```
 */
export function isAudioBufferLike(value: unknown): value is AudioBufferLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AudioBufferLike).getChannelData === 'function' &&
    typeof (value as AudioBufferLike).numberOfChannels === 'number' &&
    typeof (value as AudioBufferLike).sampleRate === 'number'
  );
}

function isSampled(value: unknown): value is SampledAudio {
  return typeof value === 'object' && value !== null && 'samples' in value;
}

/**
 * Turns a {@link PredictInput} into @ser/features' `AudioInput` and a name for messages.
 *
 * @internal
 */
export async function resolveInput(
  input: PredictInput,
  readInput: InputReader,
  name: string | undefined,
): Promise<{ readonly audio: AudioInput; readonly source: string }> {
  if (typeof input === 'string') {
    const source = name ?? input;
    try {
      return { audio: await readInput(input), source };
    } catch (error) {
      if (error instanceof RecognizerError) throw error;
      throw new RecognizerError('io', source, `cannot read: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    return { audio: input, source: name ?? 'WAV bytes' };
  }
  if (isAudioBufferLike(input)) {
    const samples = Array.from({ length: input.numberOfChannels }, (_, c) =>
      input.getChannelData(c),
    );
    return { audio: { samples, sampleRate: input.sampleRate }, source: name ?? 'AudioBuffer' };
  }
  if (isSampled(input)) return { audio: input, source: name ?? 'samples' };
  throw new RecognizerError(
    'invalid-input',
    name ?? 'input',
    'expected { samples, sampleRate }, WAV bytes, an AudioBuffer or a path/URL string',
  );
}
