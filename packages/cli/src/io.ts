/**
 * Where the command line writes: injectable so tests run `run()` in-process and read its output.
 */

/**
 * The streams a command writes to. `stdout` carries results (tables, JSON), `stderr` progress
 * and errors; progress bars are drawn only when `interactive` is true.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const io: CliIo = { stdout: (t) => lines.push(t), stderr: () => {}, interactive: false };
 * ```
 */
export interface CliIo {
  /** Writes text (including its newlines) to standard output. */
  stdout(text: string): void;
  /** Writes text (including its newlines) to standard error. */
  stderr(text: string): void;
  /** Whether standard error is a terminal (progress bars are drawn only then). */
  readonly interactive: boolean;
  /** The process's standard error stream, for progress bars; absent in tests. */
  readonly progressStream?: NodeJS.WritableStream;
}

/**
 * The real process's streams.
 *
 * @example
 * ```ts
 * process.exitCode = await run(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
    progressStream: process.stderr,
  };
}
