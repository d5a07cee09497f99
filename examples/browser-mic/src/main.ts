/**
 * Microphone → live emotion. Loads the shipped model (served under `model/` by `serve-model.ts`),
 * picks the fastest backend this browser offers, and shows the class probabilities of the last
 * three seconds every half second.
 */
import { EmotionRecognizer, listenToMicrophone, type MicrophoneSession } from '@ser/runtime';
import { createScoresView } from './scores-view';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`index.html has no #${id}`);
  return found as T;
}

const status = element<HTMLParagraphElement>('status');
const toggle = element<HTMLButtonElement>('toggle');
const current = element<HTMLOutputElement>('label');
const windowInfo = element<HTMLSpanElement>('window');
const scoresBody = element<HTMLTableElement>('scores').tBodies[0]!;

async function main(): Promise<void> {
  const base = import.meta.env.BASE_URL;
  const recognizer = await EmotionRecognizer.load(`${base}model/`, {
    backend: 'auto',
    wasmPaths: `${base}wasm/`,
  });
  const skipped = recognizer.backendSelection.skipped.map((s) => s.backend).join(', ');
  status.textContent =
    `Model ready: ${recognizer.labels.length} emotions on the ${recognizer.backend} backend` +
    (skipped === '' ? '.' : ` (unavailable here: ${skipped}).`);
  const scores = createScoresView(scoresBody, recognizer.labels);

  let session: MicrophoneSession | null = null;
  toggle.disabled = false;
  toggle.addEventListener('click', async () => {
    toggle.disabled = true;
    try {
      if (session === null) {
        session = await listenToMicrophone(recognizer, {
          windowSeconds: 3,
          hopSeconds: 0.5,
          onPrediction: (prediction) => {
            current.textContent = prediction.speech ? prediction.label : 'no speech';
            windowInfo.textContent = `(${prediction.startSeconds.toFixed(1)}–${prediction.endSeconds.toFixed(1)} s)`;
            scores.show(prediction);
          },
          onError: (error) => {
            status.textContent = `A window could not be classified: ${String(error)}`;
          },
        });
        status.textContent = `Listening at ${session.sampleRate} Hz on the ${recognizer.backend} backend.`;
        toggle.textContent = 'Stop microphone';
      } else {
        await session.stop();
        session = null;
        status.textContent = 'Stopped.';
        toggle.textContent = 'Start microphone';
      }
    } catch (error) {
      session = null;
      status.textContent = `The microphone could not be used: ${String(error)}`;
      toggle.textContent = 'Start microphone';
    } finally {
      toggle.disabled = false;
    }
  });
}

main().catch((error: unknown) => {
  status.textContent = `The model could not be loaded: ${String(error)}`;
});
