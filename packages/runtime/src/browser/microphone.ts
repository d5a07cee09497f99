/**
 * Live microphone recognition in browsers: getUserMedia → AudioWorklet capture → a
 * recognizer stream. Touches browser globals only when called.
 */
import { RecognizerError } from '../errors';
import type { EmotionRecognizer } from '../recognizer';
import type { StreamOptions, StreamPrediction } from '../stream';
import { addCaptureWorklet, CAPTURE_PROCESSOR_NAME } from './worklet';

/**
 * Options of {@link listenToMicrophone}: stream options plus callbacks and capture settings.
 *
 * @example
 * ```ts
 * const options: MicrophoneOptions = { onPrediction: (w) => show(w), hopSeconds: 0.5 };
 * ```
 */
export interface MicrophoneOptions extends StreamOptions {
  /** Called with every window's prediction. */
  readonly onPrediction: (prediction: StreamPrediction) => void;
  /** Called when a window cannot be classified (the session keeps running); default `console.error`. */
  readonly onError?: (error: unknown) => void;
  /** Samples per chunk sent from the audio thread; default 4096. */
  readonly chunkFrames?: number;
  /** An existing stream to use instead of asking `getUserMedia` for the microphone. */
  readonly mediaStream?: MediaStream;
  /** An existing context (else one is created and closed on `stop()`). */
  readonly audioContext?: AudioContext;
}

/**
 * A running microphone session.
 *
 * @example
 * ```ts
 * const session = await listenToMicrophone(recognizer, { onPrediction: console.log });
 * setTimeout(() => session.stop(), 10_000);
 * ```
 */
export interface MicrophoneSession {
  /** Sample rate of the captured audio (the context's). */
  readonly sampleRate: number;
  /** Stops capture, releases the microphone, and resolves with the last window's predictions. */
  stop(): Promise<StreamPrediction[]>;
}

/**
 * Listens to the microphone (or `options.mediaStream`) and reports an emotion prediction for
 * every window, captured with an AudioWorklet (never the deprecated ScriptProcessorNode).
 *
 * @throws {@link RecognizerError} (`invalid-input`) when the page has no `getUserMedia` or
 *   `AudioWorklet` (insecure context or old browser); the browser's own error when permission
 *   is denied.
 * @example
 * ```ts
 * const session = await listenToMicrophone(recognizer, {
 *   hopSeconds: 0.5,
 *   onPrediction: (w) => (label.textContent = w.speech ? w.label : '…'),
 * });
 * stopButton.onclick = () => session.stop();
 * ```
 */
export async function listenToMicrophone(
  recognizer: EmotionRecognizer,
  options: MicrophoneOptions,
): Promise<MicrophoneSession> {
  const media = options.mediaStream ?? (await openMicrophone());
  const ownsContext = options.audioContext === undefined;
  const context = options.audioContext ?? new AudioContext();
  if (context.audioWorklet === undefined) {
    throw new RecognizerError(
      'invalid-input',
      'microphone',
      'AudioWorklet is not available (a secure context is required)',
    );
  }
  await addCaptureWorklet(context);
  const stream = recognizer.stream({ source: 'microphone', ...options });
  const input = context.createMediaStreamSource(media);
  const capture = new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME, {
    processorOptions: { chunkFrames: options.chunkFrames ?? 4096 },
  });
  const report = (predictions: StreamPrediction[]) => predictions.forEach(options.onPrediction);
  const fail =
    options.onError ?? ((error: unknown) => console.error('@ser/runtime microphone:', error));
  capture.port.onmessage = (event: MessageEvent<Float32Array>) => {
    stream.push(event.data, context.sampleRate).then(report, fail);
  };
  input.connect(capture);
  if (context.state === 'suspended') await context.resume();
  return {
    sampleRate: context.sampleRate,
    async stop() {
      capture.port.onmessage = null;
      input.disconnect();
      capture.disconnect();
      if (options.mediaStream === undefined) for (const track of media.getTracks()) track.stop();
      if (ownsContext) await context.close();
      return stream.flush();
    },
  };
}

async function openMicrophone(): Promise<MediaStream> {
  const devices = (globalThis as { navigator?: Navigator }).navigator?.mediaDevices;
  if (devices?.getUserMedia === undefined) {
    throw new RecognizerError(
      'invalid-input',
      'microphone',
      'navigator.mediaDevices.getUserMedia is not available (a secure context is required)',
    );
  }
  return devices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
}
