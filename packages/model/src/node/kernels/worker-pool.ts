/**
 * Worker threads that run the kernel module's tasks over one shared WebAssembly memory. The
 * calling thread takes share 0 of every task and blocks (Atomics.wait) until the workers are
 * done, so kernels stay synchronous as tfjs requires. A worker that throws, exits or stops
 * answering makes the task, and every later one, fail with a {@link KernelError}.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { KernelError } from '../../kernels/errors';
import {
  ABORT,
  type KernelExports,
  MAX_THREADS,
  PATIENCE,
  type RunnerFactory,
  SYNC,
  TASK_NAMES,
  type TaskName,
  type TaskRunner,
} from '../../kernels/runtime';

/** Slots of the control block shared with the workers. */
const GENERATION = 0;
const TASK = 1;
const ARGS = 2;
const THREADS = 3;
const DONE = 4;
const FAILED = 5;
const EXITED = 6;
const STOP = 7;
const CONTROL_SLOTS = 8;
const MESSAGE_BYTES = 1024;
/** Polls of a flag before sleeping on it (a task follows another within microseconds). */
const SPIN = 20_000;

/** The worker's code (CommonJS, evaluated): instantiate the module, then run tasks until told to stop. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, control, message, timing, tid, tasks } = workerData;
const ctl = new Int32Array(control);
const times = new Float64Array(timing);
const text = new Uint8Array(message);
const [GENERATION, TASK, ARGS, THREADS, DONE, FAILED, EXITED, STOP] = [0, 1, 2, 3, 4, 5, 6, 7];
process.on('exit', () => {
  Atomics.compareExchange(ctl, EXITED, 0, tid);
  Atomics.notify(ctl, DONE);
  const words = new Int32Array(memory.buffer);
  Atomics.store(words, ${ABORT / 4}, 1);
  Atomics.notify(words, ${SYNC / 4});
});
const instance = new WebAssembly.Instance(module, { env: { memory } });
const run = tasks.map((name) => instance.exports[name]);
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  let generation = Atomics.load(ctl, GENERATION);
  for (let spin = 0; generation === seen && spin < ${SPIN}; spin++) generation = Atomics.load(ctl, GENERATION);
  if (generation === seen) {
    Atomics.wait(ctl, GENERATION, seen);
    continue;
  }
  seen = generation;
  if (Atomics.load(ctl, STOP) !== 0) break;
  const threads = Atomics.load(ctl, THREADS);
  if (tid >= threads) continue;
  const start = performance.now();
  try {
    run[Atomics.load(ctl, TASK)](Atomics.load(ctl, ARGS), tid, threads);
  } catch (error) {
    if (Atomics.compareExchange(ctl, FAILED, 0, tid) === 0) {
      const bytes = new TextEncoder().encode(String(error && error.stack || error)).subarray(0, text.length);
      text.fill(0);
      text.set(bytes);
    }
  }
  times[tid] = performance.now() - start;
  Atomics.add(ctl, DONE, 1);
  Atomics.notify(ctl, DONE);
}
`;

/** Creates a worker from its code and options (replaceable in tests). */
export type WorkerFactory = (source: string, options: WorkerOptions) => Worker;

/** Options of {@link startWorkerPool}. */
export interface WorkerPoolOptions {
  /** Threads per task, the calling one included (1–64). */
  readonly threads: number;
  /** A task whose workers have not all finished after this long fails (default 60 s). */
  readonly taskTimeoutMs?: number;
  /** Creates the workers (default: `new Worker(source, options)`). */
  readonly createWorker?: WorkerFactory;
}

class WorkerPool implements TaskRunner {
  readonly threads: number;
  private readonly control: Int32Array;
  private readonly message: Uint8Array;
  /** Milliseconds each thread spent on its share of the last task (written by the workers). */
  private readonly times: Float64Array;
  private lastThreads = 0;
  private broken: KernelError | null = null;
  private stopped = false;

  constructor(
    private readonly workers: Worker[],
    private readonly exports: KernelExports,
    control: SharedArrayBuffer,
    message: SharedArrayBuffer,
    timing: SharedArrayBuffer,
    private readonly timeoutMs: number,
  ) {
    this.threads = workers.length + 1;
    this.control = new Int32Array(control);
    this.message = new Uint8Array(message);
    this.times = new Float64Array(timing);
    workers.forEach((worker, index) => {
      worker.on('error', (error) =>
        this.fail('worker-failed', `kernel worker ${index + 1} failed: ${error.message}`),
      );
      worker.on('exit', (code) => {
        if (!this.stopped)
          this.fail('worker-failed', `kernel worker ${index + 1} exited (code ${code})`);
      });
    });
  }

  private fail(problem: 'worker-failed' | 'worker-timeout', text: string): KernelError {
    this.broken ??= new KernelError(
      problem,
      `${text}; the WebAssembly kernels cannot run any more`,
    );
    return this.broken;
  }

  run(task: TaskName, args: number, threads: number): void {
    if (this.broken !== null) throw this.broken;
    const ctl = this.control;
    Atomics.store(ctl, TASK, TASK_NAMES.indexOf(task));
    Atomics.store(ctl, ARGS, args);
    Atomics.store(ctl, THREADS, threads);
    Atomics.store(ctl, DONE, 0);
    Atomics.add(ctl, GENERATION, 1);
    Atomics.notify(ctl, GENERATION);
    let ownError: unknown = null;
    const start = performance.now();
    try {
      this.exports[task](args, 0, threads);
    } catch (error) {
      ownError = error;
    }
    this.times[0] = performance.now() - start;
    this.lastThreads = threads;
    this.awaitWorkers(task, threads - 1);
    if (ownError !== null) throw ownError;
  }

  private awaitWorkers(task: TaskName, count: number): void {
    const ctl = this.control;
    const deadline = performance.now() + this.timeoutMs;
    let spins = 0;
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      const exited = Atomics.load(ctl, EXITED);
      if (exited !== 0) {
        throw this.fail('worker-failed', `kernel worker ${exited} exited during task ${task}`);
      }
      if (done >= count) break;
      if (spins < SPIN) {
        spins++;
        continue;
      }
      if (performance.now() > deadline) {
        this.dispose();
        throw this.fail(
          'worker-timeout',
          `kernel workers did not finish task ${task} within ${this.timeoutMs} ms`,
        );
      }
      Atomics.wait(ctl, DONE, done, 50);
    }
    const failed = Atomics.load(ctl, FAILED);
    if (failed !== 0) {
      Atomics.store(ctl, FAILED, 0);
      const end = this.message.indexOf(0);
      const text = new TextDecoder().decode(
        this.message.slice(0, end < 0 ? this.message.length : end),
      );
      throw this.fail('worker-failed', `kernel worker ${failed} failed in task ${task}: ${text}`);
    }
  }

  lastTimes(): readonly number[] {
    return Array.from(this.times.subarray(0, this.lastThreads));
  }

  dispose(): void {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    for (const worker of this.workers) void worker.terminate();
  }
}

/**
 * A {@link RunnerFactory} that starts `threads − 1` worker threads sharing the kernel memory.
 *
 * @example
 * ```ts
 * registerSimdBackend({ startRunner: startWorkerPool({ threads: os.availableParallelism() }) });
 * ```
 */
export function startWorkerPool(options: WorkerPoolOptions): RunnerFactory {
  const {
    threads,
    taskTimeoutMs = 60_000,
    createWorker = (source, workerOptions) => new Worker(source, workerOptions),
  } = options;
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new RangeError(`threads: must be an integer from 1 to ${MAX_THREADS}, got ${threads}`);
  }
  return async (
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    exports: KernelExports,
  ): Promise<TaskRunner> => {
    Atomics.store(new Int32Array(memory.buffer), PATIENCE / 4, taskTimeoutMs);
    const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
    const message = new SharedArrayBuffer(MESSAGE_BYTES);
    const timing = new SharedArrayBuffer(threads * Float64Array.BYTES_PER_ELEMENT);
    const workers: Worker[] = [];
    const started: Promise<void>[] = [];
    for (let tid = 1; tid < threads; tid++) {
      const worker = createWorker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control, message, timing, tid, tasks: TASK_NAMES },
      });
      worker.unref();
      workers.push(worker);
      started.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', (error) =>
            reject(
              new KernelError(
                'worker-failed',
                `kernel worker ${tid} failed to start: ${error.message}`,
                { cause: error },
              ),
            ),
          );
          worker.once('exit', (code) =>
            reject(
              new KernelError(
                'worker-failed',
                `kernel worker ${tid} exited (code ${code}) while starting`,
              ),
            ),
          );
        }),
      );
    }
    try {
      await Promise.all(started);
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    return new WorkerPool(workers, exports, control, message, timing, taskTimeoutMs);
  };
}
