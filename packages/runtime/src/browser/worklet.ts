/**
 * The AudioWorklet that captures microphone samples off the audio thread. Its code is a
 * string loaded through a Blob URL, so apps need no extra file; nothing here runs at import.
 */

/**
 * Name the capture processor is registered under.
 *
 * @example
 * ```ts
 * const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME, { processorOptions: { chunkFrames: 4096 } });
 * ```
 */
export const CAPTURE_PROCESSOR_NAME = 'ser-pcm-capture';

/**
 * Source of the capture processor: mixes its input to mono and posts `Float32Array`s of
 * `processorOptions.chunkFrames` samples (default 4096) to its port, transferring the buffer.
 *
 * @example
 * ```ts
 * await context.audioWorklet.addModule(URL.createObjectURL(new Blob([CAPTURE_PROCESSOR_SOURCE], { type: 'text/javascript' })));
 * ```
 */
export const CAPTURE_PROCESSOR_SOURCE = `
class SerPcmCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.chunkFrames = (options && options.processorOptions && options.processorOptions.chunkFrames) || 4096;
    this.chunk = new Float32Array(this.chunkFrames);
    this.filled = 0;
  }
  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const frames = channels[0].length;
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channels.length; c++) sum += channels[c][i];
      this.chunk[this.filled++] = sum / channels.length;
      if (this.filled === this.chunkFrames) {
        this.port.postMessage(this.chunk, [this.chunk.buffer]);
        this.chunk = new Float32Array(this.chunkFrames);
        this.filled = 0;
      }
    }
    return true;
  }
}
registerProcessor(${JSON.stringify(CAPTURE_PROCESSOR_NAME)}, SerPcmCapture);
`;

/** Contexts the processor was added to. */
const loaded = new WeakSet<BaseAudioContext>();

/**
 * Adds the capture processor to `context` (once per context).
 *
 * @example
 * ```ts
 * await addCaptureWorklet(context);
 * const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME);
 * ```
 */
export async function addCaptureWorklet(context: BaseAudioContext): Promise<void> {
  if (loaded.has(context)) return;
  const url = URL.createObjectURL(
    new Blob([CAPTURE_PROCESSOR_SOURCE], { type: 'text/javascript' }),
  );
  try {
    await context.audioWorklet.addModule(url);
    loaded.add(context);
  } finally {
    URL.revokeObjectURL(url);
  }
}
