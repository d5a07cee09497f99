/**
 * Streaming recognition: PCM chunks of any size in, predictions of sliding windows out,
 * smoothed over time and gated for silence.
 */
import { RecognizerError } from './errors';
import { rankScores } from './ranking';
import type {
  EmotionRecognizer,
  NoSpeechPrediction,
  PredictOptions,
  SpeechPrediction,
} from './recognizer';
import { ScoreSmoother, type Smoothing } from './smoothing';

/**
 * Options of a stream: window and hop, smoothing, and the per-prediction options.
 *
 * @example
 * ```ts
 * const options: StreamOptions = { windowSeconds: 2, hopSeconds: 0.25, smoothing: { method: 'mean', windows: 4 } };
 * ```
 */
export interface StreamOptions extends PredictOptions {
  /** Window length in seconds; default the bundle's `duration`, or 3 s when it has none. */
  readonly windowSeconds?: number;
  /** Seconds between window starts; default 0.5. */
  readonly hopSeconds?: number;
  /** Smoothing of probabilities over speech windows; default EMA with alpha 0.5. */
  readonly smoothing?: Smoothing;
}

/**
 * Where a window lies in the stream (seconds from the first sample fed) and its own,
 * unsmoothed scores.
 *
 * @example
 * ```ts
 * const span: WindowSpan = { index: 0, startSeconds: 0, endSeconds: 3, windowScores: null };
 * ```
 */
export interface WindowSpan {
  /** Window number, from 0. */
  readonly index: number;
  readonly startSeconds: number;
  readonly endSeconds: number;
  /** This window's probabilities before smoothing (`null` for no speech). */
  readonly windowScores: Readonly<Record<string, number>> | null;
}

/**
 * One window's answer: for speech, `label`, `scores` and `top` are the smoothed ones; silent
 * windows report `speech: false` and leave the smoother untouched.
 *
 * @example
 * ```ts
 * for (const w of await stream.push(chunk, 16000)) {
 *   console.log(`${w.startSeconds}–${w.endSeconds} s: ${w.speech ? w.label : 'no speech'}`);
 * }
 * ```
 */
export type StreamPrediction = (SpeechPrediction | NoSpeechPrediction) & WindowSpan;

function positiveSeconds(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RecognizerError(
      'invalid-option',
      name,
      `must be a positive number of seconds, got ${value}`,
    );
  }
  return value;
}

/**
 * Sliding-window recognition over a live signal. Feed chunks of any length with
 * {@link EmotionStream.push}; each call returns the windows it completed. Every window is
 * resampled and featurised as a whole, exactly as `predict` would treat that clip (without
 * the bundle's offset/duration cut: the window is the utterance). Calls are queued, so
 * overlapping `push` calls are safe.
 *
 * @example
 * ```ts
 * const stream = recognizer.stream({ windowSeconds: 3, hopSeconds: 0.5 });
 * for await (const chunk of microphoneChunks) {
 *   for (const w of await stream.push(chunk, 48000)) show(w);
 * }
 * for (const w of await stream.flush()) show(w);
 * ```
 */
export class EmotionStream {
  /** Window length in seconds. */
  readonly windowSeconds: number;
  /** Hop between windows in seconds. */
  readonly hopSeconds: number;
  private readonly recognizer: EmotionRecognizer;
  private readonly options: StreamOptions;
  private readonly smoother: ScoreSmoother;
  private readonly source: string;
  private queue: Promise<unknown> = Promise.resolve();
  private sampleRate: number | null = null;
  private buffer = new Float32Array(0);
  /** Absolute index of `buffer[0]`. */
  private bufferStart = 0;
  /** Samples received. */
  private total = 0;
  /** Absolute start of the next window. */
  private nextStart = 0;
  /** Absolute end of the last window emitted. */
  private coveredEnd = 0;
  private windowsEmitted = 0;

  /** Use {@link EmotionRecognizer.stream}. @internal */
  constructor(recognizer: EmotionRecognizer, options: StreamOptions) {
    this.recognizer = recognizer;
    this.options = options;
    this.windowSeconds = positiveSeconds(
      'windowSeconds',
      options.windowSeconds ?? recognizer.features.duration ?? 3,
    );
    this.hopSeconds = positiveSeconds('hopSeconds', options.hopSeconds ?? 0.5);
    this.smoother = new ScoreSmoother(options.smoothing);
    this.source = options.source ?? 'stream';
  }

  /**
   * Appends a chunk of mono samples at `sampleRate` (the same rate for the whole stream) and
   * returns the predictions of the windows it completed, in order.
   *
   * @throws {@link RecognizerError}: `invalid-input` for a non-Float32Array, a bad rate or a
   *   NaN/infinite sample; `sample-rate-changed` when the rate differs from earlier chunks.
   */
  push(chunk: Float32Array, sampleRate: number): Promise<StreamPrediction[]> {
    return this.enqueue(() => this.pushNow(chunk, sampleRate));
  }

  /**
   * Ends the stream: classifies the last window if audio after the last emitted window was
   * not covered (the final `windowSeconds`, or the whole stream if shorter; nothing if that is
   * too short for the model), then resets for a new stream.
   */
  flush(): Promise<StreamPrediction[]> {
    return this.enqueue(async () => {
      const rate = this.sampleRate;
      let out: StreamPrediction[] = [];
      if (rate !== null && this.total > this.coveredEnd) {
        const start = Math.max(0, this.total - this.windowSamples(rate));
        try {
          out = await this.classify([start], this.total, rate);
        } catch (error) {
          if (!(error instanceof RecognizerError && error.problem === 'too-short')) throw error;
        }
      }
      this.resetNow();
      return out;
    });
  }

  /** Drops buffered audio and smoothing state (queued after pending calls). */
  reset(): Promise<void> {
    return this.enqueue(async () => this.resetNow());
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private resetNow(): void {
    this.sampleRate = null;
    this.buffer = new Float32Array(0);
    this.bufferStart = 0;
    this.total = 0;
    this.nextStart = 0;
    this.coveredEnd = 0;
    this.windowsEmitted = 0;
    this.smoother.reset();
  }

  private windowSamples(rate: number): number {
    return Math.max(1, Math.round(this.windowSeconds * rate));
  }

  private checkChunk(chunk: Float32Array, sampleRate: number): void {
    if (!(chunk instanceof Float32Array)) {
      throw new RecognizerError('invalid-input', this.source, 'chunks must be Float32Arrays');
    }
    if (!(Number.isFinite(sampleRate) && sampleRate > 0)) {
      throw new RecognizerError(
        'invalid-input',
        this.source,
        `sample rate must be a positive number, got ${sampleRate}`,
      );
    }
    if (this.sampleRate !== null && sampleRate !== this.sampleRate) {
      throw new RecognizerError(
        'sample-rate-changed',
        this.source,
        `chunk at ${sampleRate} Hz after chunks at ${this.sampleRate} Hz; flush() or reset() before changing rate`,
      );
    }
    const bad = chunk.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) {
      throw new RecognizerError(
        'invalid-input',
        this.source,
        `sample ${this.total + bad} is ${chunk[bad]}; audio must be finite`,
      );
    }
  }

  private append(chunk: Float32Array): void {
    const used = this.total - this.bufferStart;
    if (used + chunk.length > this.buffer.length) {
      const grown = new Float32Array(Math.max(used + chunk.length, 2 * this.buffer.length));
      grown.set(this.buffer.subarray(0, used));
      this.buffer = grown;
    }
    this.buffer.set(chunk, used);
    this.total += chunk.length;
  }

  /** Drops samples no future window (nor the final one) can need. */
  private compact(window: number): void {
    const keepFrom = Math.max(this.bufferStart, Math.min(this.nextStart, this.total - window));
    const drop = keepFrom - this.bufferStart;
    if (drop <= 0) return;
    this.buffer.copyWithin(0, drop, this.total - this.bufferStart);
    this.bufferStart = keepFrom;
  }

  private async pushNow(chunk: Float32Array, sampleRate: number): Promise<StreamPrediction[]> {
    this.checkChunk(chunk, sampleRate);
    this.sampleRate = sampleRate;
    this.append(chunk);
    const window = this.windowSamples(sampleRate);
    const hop = Math.max(1, Math.round(this.hopSeconds * sampleRate));
    const starts: number[] = [];
    while (this.nextStart + window <= this.total) {
      starts.push(this.nextStart);
      this.nextStart += hop;
    }
    const out = starts.length === 0 ? [] : await this.classify(starts, window, sampleRate);
    this.compact(window);
    return out;
  }

  /** Classifies windows starting at `starts` (absolute), `length` samples long (clipped to the stream). */
  private async classify(
    starts: readonly number[],
    length: number,
    rate: number,
  ): Promise<StreamPrediction[]> {
    const windows = starts.map((s) =>
      this.buffer.slice(s - this.bufferStart, Math.min(s + length, this.total) - this.bufferStart),
    );
    const predictions = await this.recognizer.classifyWindows(
      windows,
      rate,
      this.source,
      this.options,
    );
    return predictions.map((p, i) => {
      const start = starts[i]!;
      const end = start + windows[i]!.length;
      this.coveredEnd = Math.max(this.coveredEnd, end);
      const span = {
        index: this.windowsEmitted++,
        startSeconds: start / rate,
        endSeconds: end / rate,
      };
      if (!p.speech) return { ...p, ...span, windowScores: null };
      const probabilities = Float32Array.from(this.recognizer.labels, (l) => p.scores[l]!);
      const smoothed = this.smoother.update(probabilities);
      return {
        ...p,
        ...rankScores(this.recognizer.labels, smoothed, p.top.length),
        ...span,
        windowScores: p.scores,
      };
    });
  }
}
