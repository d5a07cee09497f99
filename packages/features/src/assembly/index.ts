/**
 * The WebAssembly SIMD kernels of @ser/features (compiled by build.mjs): the entry points the
 * TypeScript side calls. All addresses are byte offsets into the module's own memory.
 */

export { powerToDb } from './db';
export { applyBasis } from './dct';
export { melFrames } from './frames';
export { polyphaseInterpolated, polyphaseRational, upByTwo } from './resample';
