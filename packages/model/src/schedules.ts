/**
 * Learning-rate schedules: functions of training progress, evaluated by the trainer before
 * every batch.
 */
import { ModelConfigError } from './errors';

/**
 * Where training is when a learning rate is asked for.
 *
 * @example
 * ```ts
 * const lr = oneCycle({ maximum: 3e-3 })({ epoch: 0, batch: 0, batchesPerEpoch: 35, epochs: 40 });
 * ```
 */
export interface TrainingProgress {
  /** Current epoch, 0-based. */
  readonly epoch: number;
  /** Current batch within the epoch, 0-based. */
  readonly batch: number;
  /** Batches per epoch. */
  readonly batchesPerEpoch: number;
  /** Total epochs planned. */
  readonly epochs: number;
}

/**
 * Maps training progress to a learning rate.
 *
 * @example
 * ```ts
 * const halveEvery10: LearningRateSchedule = ({ epoch }) => 1e-3 * 0.5 ** Math.floor(epoch / 10);
 * ```
 */
export type LearningRateSchedule = (progress: TrainingProgress) => number;

function positive(option: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new ModelConfigError(option, `must be a finite number > 0, got ${value}`);
  }
}

/** Fraction of all planned batches done before the current one, in [0, 1). */
function fractionDone(p: TrainingProgress): number {
  return (p.epoch * p.batchesPerEpoch + p.batch) / (p.epochs * p.batchesPerEpoch);
}

/**
 * Multiplies the rate by `factor` every `everyEpochs` epochs.
 *
 * @example
 * ```ts
 * const schedule = stepDecay({ initial: 1e-3, factor: 0.5, everyEpochs: 10 });
 * ```
 */
export function stepDecay(options: {
  readonly initial: number;
  readonly factor: number;
  readonly everyEpochs: number;
}): LearningRateSchedule {
  positive('initial', options.initial);
  positive('factor', options.factor);
  positive('everyEpochs', options.everyEpochs);
  return ({ epoch }) => options.initial * options.factor ** Math.floor(epoch / options.everyEpochs);
}

/**
 * Cosine decay from `initial` to `minimum` over the whole run, per batch.
 *
 * @example
 * ```ts
 * const schedule = cosineDecay({ initial: 1e-3, minimum: 1e-5 });
 * ```
 */
export function cosineDecay(options: {
  readonly initial: number;
  readonly minimum?: number;
}): LearningRateSchedule {
  positive('initial', options.initial);
  const minimum = options.minimum ?? 0;
  return (p) =>
    minimum + 0.5 * (options.initial - minimum) * (1 + Math.cos(Math.PI * fractionDone(p)));
}

/**
 * One-cycle policy (Smith, 2018; PyTorch's `OneCycleLR` with cosine annealing): warm up from
 * `maximum / divFactor` to `maximum` over the first `warmupFraction` of batches, then anneal to
 * `maximum / (divFactor * finalDivFactor)`.
 *
 * @example
 * ```ts
 * const schedule = oneCycle({ maximum: 3e-3 }); // as the best Python peer trained
 * ```
 */
export function oneCycle(options: {
  readonly maximum: number;
  readonly warmupFraction?: number;
  readonly divFactor?: number;
  readonly finalDivFactor?: number;
}): LearningRateSchedule {
  positive('maximum', options.maximum);
  const warmup = options.warmupFraction ?? 0.3;
  if (!(warmup > 0 && warmup < 1)) {
    throw new ModelConfigError('warmupFraction', `must be in (0, 1), got ${warmup}`);
  }
  const start = options.maximum / (options.divFactor ?? 25);
  const end = start / (options.finalDivFactor ?? 1e4);
  const cosine = (from: number, to: number, f: number) =>
    to + 0.5 * (from - to) * (1 + Math.cos(Math.PI * f));
  return (p) => {
    const f = fractionDone(p);
    return f < warmup
      ? cosine(start, options.maximum, f / warmup)
      : cosine(options.maximum, end, (f - warmup) / (1 - warmup));
  };
}
