/**
 * `ser-simd`: a TensorFlow.js backend that is tfjs-backend-cpu with its hot kernels replaced by
 * WebAssembly SIMD ones (matrix products, the fused LSTM sequence). Tensors live in JavaScript
 * arrays exactly as on `cpu`, so every cpu kernel keeps working on it unchanged.
 */
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type {
  BackendValues,
  DataId,
  DataType,
  KernelBackend,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import { activationKernels, reluGradient } from './activations';
import { convolutionKernels } from './conv';
import { gradientOnBackend } from './gradients';
import { gruGradient, gruKernel } from './gru-kernel';
import { registerFastGruLayer } from './gru-layer';
import { layoutKernels } from './layout';
import { lstmGradient, lstmKernel } from './lstm-kernel';
import { registerFastLstmLayer } from './lstm-layer';
import { meanGradient } from './mean-gradient';
import { batchNormGradient, batchNormKernel } from './normalization';
import { poolingKernels } from './pool';
import { productKernels } from './products';
import { type KeptRecord, type KernelBlock, WasmKernels } from './runtime';
import { weightsBlock } from './sequence-kernel';
import { softmaxKernel } from './softmax';
import { tileKernel } from './tile';

/** Name of the backend registered by {@link registerSimdBackend}. */
export const SIMD_BACKEND = 'ser-simd';

/**
 * The `ser-simd` backend: tfjs-backend-cpu plus WebAssembly kernel memory. It also remembers
 * which tensors' arrays have been handed out (`dataSync`, `data`), so that only arrays nobody
 * else can see are ever updated in place.
 */
export class SimdBackend extends MathBackendCPU {
  /** The WebAssembly kernels this backend runs on. */
  readonly kernels: WasmKernels;
  private readonly records = new Map<DataId, KeptRecord>();
  private readonly handedOut = new WeakSet<DataId>();
  /** Kernel memory derived from a tensor's values, by dataId and purpose. */
  private readonly derived = new Map<DataId, Map<string, KernelBlock>>();

  constructor(kernels: WasmKernels) {
    super();
    this.kernels = kernels;
    // tfjs-backend-cpu prints "install our node backend to speed things up" on first use in
    // Node; this backend is that speed-up (and tfjs-node cannot be installed everywhere).
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  /** A float32 tensor's values, without copying and without handing the array out. */
  values(info: TensorInfo): Float32Array {
    return this.data.get(info.dataId)?.values as Float32Array;
  }

  /**
   * The values of a float32 tensor that this backend alone holds (one reference, never read
   * out), which may therefore be overwritten in place; otherwise undefined.
   */
  privateValues(dataId: DataId): Float32Array | undefined {
    const entry = this.data.get(dataId);
    if (
      entry === undefined ||
      entry.refCount !== 1 ||
      entry.dtype !== 'float32' ||
      this.handedOut.has(dataId) ||
      !(entry.values instanceof Float32Array)
    )
      return undefined;
    this.forgetDerived(dataId); // the caller may now change the values
    return entry.values;
  }

  /**
   * The address of `count` floats of kernel memory derived from tensor `dataId`'s values for
   * `purpose` (say, the recurrent kernel packed for products): filled by `fill` on first use and
   * kept until the tensor is disposed or its values may change (handed out for writing in
   * place, or read out, after which its array is not ours alone). Call it before allocating
   * scratch in a kernel call. @internal
   */
  derivedBlock(
    dataId: DataId,
    purpose: string,
    count: number,
    fill: (address: number) => void,
  ): number {
    if (this.handedOut.has(dataId)) return weightsBlock(this.kernels, purpose, count, fill);
    let blocks = this.derived.get(dataId);
    const known = blocks?.get(purpose);
    if (known !== undefined && known.count === count) return known.address;
    if (known !== undefined) this.kernels.release(known);
    const block = this.kernels.keep(count);
    if (blocks === undefined) {
      blocks = new Map();
      this.derived.set(dataId, blocks);
    }
    blocks.set(purpose, block);
    fill(block.address);
    return block.address;
  }

  private forgetDerived(dataId: DataId): void {
    const blocks = this.derived.get(dataId);
    if (blocks === undefined) return;
    for (const block of blocks.values()) this.kernels.release(block);
    this.derived.delete(dataId);
  }

  override move(
    dataId: DataId,
    values: BackendValues,
    shape: number[],
    dtype: DataType,
    refCount: number,
  ): void {
    this.forgetDerived(dataId);
    super.move(dataId, values, shape, dtype, refCount);
  }

  override readSync(dataId: DataId): BackendValues {
    this.handedOut.add(dataId);
    this.forgetDerived(dataId);
    return super.readSync(dataId);
  }

  override async read(dataId: DataId): Promise<BackendValues> {
    this.handedOut.add(dataId);
    this.forgetDerived(dataId);
    return super.read(dataId);
  }

  /** The activations a fused recurrent forward pass kept, under its output's dataId. @internal */
  sequenceRecord(dataId: DataId): KeptRecord | undefined {
    return this.records.get(dataId);
  }

  /** Files a fused recurrent forward pass's activations under its output's dataId, until that is disposed. @internal */
  keepSequenceRecord(dataId: DataId, record: KeptRecord): void {
    const previous = this.records.get(dataId);
    if (previous !== undefined) this.kernels.release(previous.block);
    this.records.set(dataId, record);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const disposed = super.disposeData(dataId, force);
    const record = disposed ? this.records.get(dataId) : undefined;
    if (record !== undefined) {
      this.kernels.release(record.block);
      this.records.delete(dataId);
    }
    if (disposed) this.forgetDerived(dataId);
    return disposed;
  }

  override dispose(): void {
    super.dispose();
    this.kernels.dispose();
  }
}

/** Options of {@link registerSimdBackend}. */
export interface SimdBackendOptions {
  /**
   * The kernels to run on, for instance with worker threads (see `useSimdBackend` in
   * `@ser/model/node`); by default the backend creates single-threaded ones when first used.
   */
  readonly kernels?: WasmKernels;
  /** Backend priority for tfjs' automatic choice; the default 0 never displaces `cpu` unasked. */
  readonly priority?: number;
}

/**
 * Registers the `ser-simd` backend (WebAssembly SIMD kernels over tfjs-backend-cpu), its
 * kernels, the fused LSTM's and GRU's gradients, faster batch-normalisation, mean and ReLU
 * gradients (tfjs' own ones on every other backend), and the LSTM and GRU layer classes that use
 * them. Registering again replaces the backend (for instance to change its threads). Select it
 * with `await tf.setBackend(SIMD_BACKEND)`.
 *
 * @example
 * ```ts
 * registerSimdBackend();
 * await tf.setBackend(SIMD_BACKEND);
 * const model = tfl.sequential({ layers: [lstm({ units: 8, inputShape: [40, 1] })] });
 * ```
 */
export function registerSimdBackend(options: SimdBackendOptions = {}): void {
  const { kernels, priority = 0 } = options;
  if (tf.findBackendFactory(SIMD_BACKEND) !== null) tf.removeBackend(SIMD_BACKEND);
  tf.registerBackend(
    SIMD_BACKEND,
    async (): Promise<KernelBackend> => new SimdBackend(kernels ?? (await WasmKernels.create())),
    priority,
  );
  const own = [
    ...productKernels(SIMD_BACKEND),
    ...layoutKernels(SIMD_BACKEND),
    ...convolutionKernels(SIMD_BACKEND),
    ...poolingKernels(SIMD_BACKEND),
    ...activationKernels(SIMD_BACKEND),
    softmaxKernel(SIMD_BACKEND),
    tileKernel(SIMD_BACKEND),
    batchNormKernel(SIMD_BACKEND),
    lstmKernel(SIMD_BACKEND),
    gruKernel(SIMD_BACKEND),
  ];
  const ownNames = new Set(own.map((config) => config.kernelName));
  const inherited = tf
    .getKernelsForBackend('cpu')
    .filter((config) => !ownNames.has(config.kernelName));
  for (const config of [
    ...inherited.map((config) => ({ ...config, backendName: SIMD_BACKEND })),
    ...own,
  ]) {
    if (tf.getKernel(config.kernelName, SIMD_BACKEND) !== undefined)
      tf.unregisterKernel(config.kernelName, SIMD_BACKEND);
    tf.registerKernel(config);
  }
  for (const gradient of [lstmGradient, gruGradient]) {
    if (tf.getGradient(gradient.kernelName) === undefined) tf.registerGradient(gradient);
  }
  // tfjs' own batch-norm, mean and ReLU gradients, in fewer and larger steps while ser-simd is active.
  for (const [kernelName, fast] of [
    ['FusedBatchNorm', batchNormGradient],
    ['Mean', meanGradient],
    ['Relu', reluGradient],
  ] as const) {
    const reference = tf.getGradient(kernelName);
    if (reference !== undefined)
      tf.registerGradient(gradientOnBackend(reference, SIMD_BACKEND, fast));
  }
  registerFastLstmLayer();
  registerFastGruLayer();
}
