/**
 * Progress bars on standard error for long work (feature extraction, training), drawn only on a
 * terminal so that pipes and `--json` output stay clean.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { CliIo } from './io';

/**
 * One progress bar: `update(done, total, detail)` then `stop()`.
 *
 * @example
 * ```ts
 * const bar = progressBar(io, 'features');
 * bar.update(10, 960, 'Actor_01/03-01-01-01-01-01-01.wav');
 * bar.stop();
 * ```
 */
export interface Progress {
  /** Shows `done` of `total` with a short detail. */
  update(done: number, total: number, detail?: string): void;
  /** Finishes the bar (leaves the last state on screen). */
  stop(): void;
}

/**
 * A progress bar titled `title` on `io`'s terminal, or one that draws nothing when standard error
 * is not a terminal.
 *
 * @example
 * ```ts
 * const bar = progressBar(io, 'training');
 * ```
 */
export function progressBar(io: CliIo, title: string): Progress {
  if (!io.interactive || io.progressStream === undefined) {
    return { update: () => {}, stop: () => {} };
  }
  const bar = new SingleBar(
    {
      format: `${title.padEnd(9)} {bar} {value}/{total} {detail}`,
      stream: io.progressStream,
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, detail = '') {
      if (!started) {
        bar.start(total, done, { detail });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { detail });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
