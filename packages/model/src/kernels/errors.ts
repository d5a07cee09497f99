/** What went wrong in the WebAssembly kernels: one code per kind of problem. */
export type KernelProblem =
  | 'unavailable'
  | 'out-of-memory'
  | 'worker-failed'
  | 'worker-timeout'
  | 'backend-mismatch';

/**
 * Thrown when the WebAssembly kernels cannot run: WebAssembly or SIMD missing, kernel memory
 * exhausted, or a worker thread that died, failed or stopped answering. The message names the
 * kernel or worker and the problem.
 *
 * @example
 * ```ts
 * try {
 *   await model.fit(xs, ys, { epochs: 5 });
 * } catch (error) {
 *   if (error instanceof KernelError && error.problem === 'worker-failed') console.error(error.message);
 * }
 * ```
 */
export class KernelError extends Error {
  override readonly name = 'KernelError';
  /** The kind of problem. */
  readonly problem: KernelProblem;

  constructor(problem: KernelProblem, message: string, options?: ErrorOptions) {
    super(message, options);
    this.problem = problem;
  }
}
