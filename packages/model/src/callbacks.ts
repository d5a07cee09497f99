/**
 * What the trainer reports while it runs, and early stopping.
 */
import { ModelConfigError } from './errors';

/**
 * Metrics of one finished epoch, named as in Keras's `History`.
 *
 * @example
 * ```ts
 * const onEpochEnd = (epoch: number, logs: EpochLogs) => console.log(epoch, logs.val_accuracy);
 * ```
 */
export interface EpochLogs {
  /** Mean training loss over the epoch's batches (dropout and augmentation active). */
  readonly loss: number;
  /** Training accuracy over the epoch. */
  readonly accuracy: number;
  /** Validation loss (inference mode), when there is validation data. */
  readonly val_loss?: number;
  /** Validation accuracy, when there is validation data. */
  readonly val_accuracy?: number;
  /** Learning rate at the end of the epoch. */
  readonly learningRate: number;
}

/**
 * Metrics of one finished batch.
 *
 * @example
 * ```ts
 * const onBatchEnd = (batch: number, logs: BatchLogs) => console.log(batch, logs.loss);
 * ```
 */
export interface BatchLogs {
  /** The batch's loss. */
  readonly loss: number;
  /** The batch's accuracy. */
  readonly accuracy: number;
  /** Number of examples in the batch. */
  readonly size: number;
  /** Learning rate the batch was trained with. */
  readonly learningRate: number;
}

/**
 * Hooks the trainer calls; each may be async (the trainer awaits it). A hook that returns (or
 * resolves to) `'stop'` ends training after the current batch or epoch; any other return value
 * is ignored.
 *
 * @example
 * ```ts
 * const callbacks: TrainingCallbacks = {
 *   onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss, logs.val_accuracy),
 *   onBatchEnd: (_batch, logs) => (Number.isNaN(logs.loss) ? 'stop' : undefined),
 * };
 * ```
 */
export interface TrainingCallbacks {
  /** Before the first epoch. */
  onTrainBegin?(): unknown;
  /** Before each epoch (0-based). */
  onEpochBegin?(epoch: number): unknown;
  /** After each batch (0-based within the epoch). */
  onBatchEnd?(batch: number, logs: BatchLogs, epoch: number): unknown;
  /** After each epoch, with its metrics. */
  onEpochEnd?(epoch: number, logs: EpochLogs): unknown;
  /** After training (also after an early stop); its return value is ignored. */
  onTrainEnd?(): unknown;
}

/**
 * A metric early stopping can watch.
 *
 * @example
 * ```ts
 * const monitor: MonitoredMetric = 'val_accuracy';
 * ```
 */
export type MonitoredMetric = 'loss' | 'accuracy' | 'val_loss' | 'val_accuracy';

/**
 * Options of early stopping, as in Keras's `EarlyStopping`.
 *
 * @example
 * ```ts
 * await train(model, data, { validation, earlyStopping: { monitor: 'val_loss', patience: 8 } });
 * ```
 */
export interface EarlyStoppingOptions {
  /** Metric to watch. Default `'val_loss'` (`'loss'` when there is no validation data). */
  readonly monitor?: MonitoredMetric;
  /** Epochs without improvement before stopping (Keras's count: 2 stops 2 epochs after the best). Default 10. */
  readonly patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  readonly minDelta?: number;
  /**
   * Put back the weights of the best epoch when training ends (early stop or not). Default
   * true.
   */
  readonly restoreBestWeights?: boolean;
}

/**
 * Keeps track of the best value of a metric and says when patience has run out. Losses
 * improve downwards, accuracies upwards.
 *
 * @example
 * ```ts
 * const tracker = new EarlyStoppingTracker({ monitor: 'val_loss', patience: 5 });
 * const { improved, stop } = tracker.update(epoch, logs);
 * ```
 */
export class EarlyStoppingTracker {
  /** The watched metric. */
  readonly monitor: MonitoredMetric;
  /** Epochs without improvement allowed. */
  readonly patience: number;
  /** Smallest improvement. */
  readonly minDelta: number;
  private bestValue: number;
  private bestEpochSeen = -1;
  private waited = 0;

  constructor(options: EarlyStoppingOptions & { readonly monitor: MonitoredMetric }) {
    this.monitor = options.monitor;
    this.patience = options.patience ?? 10;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new ModelConfigError(
        'earlyStopping.patience',
        `must be an integer ≥ 0, got ${this.patience}`,
      );
    }
    this.bestValue = this.higherIsBetter() ? -Infinity : Infinity;
  }

  /** Epoch (0-based) of the best value so far, or -1 before the first update. */
  get bestEpoch(): number {
    return this.bestEpochSeen;
  }

  /** Best value so far. */
  get best(): number {
    return this.bestValue;
  }

  /** Records an epoch's metrics. */
  update(epoch: number, logs: EpochLogs): { improved: boolean; stop: boolean } {
    const value = logs[this.monitor];
    if (value === undefined) {
      throw new ModelConfigError(
        'earlyStopping.monitor',
        `${this.monitor} is not computed (no validation data?)`,
      );
    }
    const improved = this.higherIsBetter()
      ? value > this.bestValue + this.minDelta
      : value < this.bestValue - this.minDelta;
    if (improved) {
      this.bestValue = value;
      this.bestEpochSeen = epoch;
      this.waited = 0;
    } else {
      this.waited++;
    }
    return { improved, stop: !improved && this.waited >= this.patience };
  }

  private higherIsBetter(): boolean {
    return this.monitor === 'accuracy' || this.monitor === 'val_accuracy';
  }
}
