/**
 * Stage planning for the soxr-HQ-compatible resampler: which stages libsoxr 0.1.3 chains for
 * a given rate ratio at its `SOXR_HQ` quality (20-bit precision, linear phase, pass band to
 * ≈0.914 of Nyquist), and the filters each stage uses.
 *
 * A conversion is up to four kinds of stage, in this order:
 *  1. `halfBand` ×k — fixed half-band decimators for large down-sampling ratios;
 *  2. `fir` (pre) — a linear-phase FIR by FFT convolution, rational factor `up/down`;
 *  3. `polyphase` — the arbitrary-ratio stage: a polyphase FIR whose coefficients are
 *     interpolated between phases (order 1 or 2) or, for small rational ratios, exact;
 *  4. `fir` (post) — another FFT-convolution FIR for large up-sampling ratios.
 * Every stage is aligned in time (no delay): output `j` sits at input time `j·step`.
 */
import {
  designLowpass,
  inverseFrequencyResponse,
  type LowpassSpec,
  linearToDb,
  lowpassLength,
} from './resample-design';

/**
 * Decimate by 2 with a fixed odd-length half-band filter.
 *
 * @example
 * ```ts
 * const stage = planStages(48000 / 8000)[0]; // { kind: 'halfBand', coefs: Float64Array(8) }
 * ```
 */
export interface HalfBandPlan {
  readonly kind: 'halfBand';
  /** The odd-indexed taps `c[j]` at offsets ±(2j+1); the centre tap is 0.5. */
  readonly coefs: Float64Array;
}

/**
 * Up-sample by `up`, filter with `taps` (centred, gain `up`), keep every `down`-th sample.
 *
 * @example
 * ```ts
 * const stage = planStages(24414 / 22050)[0]; // { kind: 'fir', up: 2, down: 1, taps: Float64Array(453) }
 * ```
 */
export interface FirPlan {
  readonly kind: 'fir';
  readonly up: number;
  readonly down: number;
  /** Odd number of linear-phase taps, already scaled by `up` and rounded to float32. */
  readonly taps: Float64Array;
}

/**
 * The arbitrary-ratio polyphase stage.
 *
 * @example
 * ```ts
 * const stage = planStages(24414 / 22050)[1]; // { kind: 'polyphase', order: 2, phases: 128, numCoefs: 14, … }
 * ```
 */
export interface PolyphasePlan {
  readonly kind: 'polyphase';
  /** Taps per phase. */
  readonly numCoefs: number;
  /** Number of stored phases. */
  readonly phases: number;
  /** Interpolation order between stored phases: 0 (exact rational), 1 (linear) or 2 (quadratic). */
  readonly order: 0 | 1 | 2;
  /**
   * Coefficients as `[phase][tap][order + 1]` (constant, linear, quadratic term), float32-rounded;
   * tap `k` multiplies input sample `base + k`.
   */
  readonly coefs: Float64Array;
  /**
   * Exact rational stepping (order 0): positions count in units of `1/up` input samples, start
   * at `start` and advance by `step`; the phase is the position modulo `up`.
   */
  readonly up: number;
  /** Order 0: first position (units of 1/up). Otherwise: the starting 32-bit fraction. */
  readonly start: number;
  /** Order 0: the integer step (units of 1/up). Otherwise: the step's whole input samples. */
  readonly step: number;
  /** Orders 1–2: the step's 32-bit fractional part, as an integer in [0, 2³²). */
  readonly stepFraction: number;
  /** Orders 1–2: number of high fraction bits that select the phase (`phases = 2^phaseBits`). */
  readonly phaseBits: number;
}

/**
 * One stage of a conversion.
 *
 * @example
 * ```ts
 * const kinds = planStages(96000 / 8000).map((stage: StagePlan) => stage.kind); // ['halfBand', 'halfBand', 'fir']
 * ```
 */
export type StagePlan = HalfBandPlan | FirPlan | PolyphasePlan;

/**
 * 2³²: libsoxr's fixed-point time step has 32 fractional bits.
 *
 * @example
 * ```ts
 * const step = Math.trunc((48828 / 22050) * FRACTION_ONE + 0.5); // 32.32 fixed point
 * ```
 */
export const FRACTION_ONE = 4294967296;

/** libsoxr HQ: 20 bits of precision. */
const PRECISION_BITS = 20;
/** Largest denominator tried when looking for an exact rational ratio. */
const MAX_RATIONAL_DENOMINATOR = 2048;
/** Above this many kilobytes of polyphase coefficients libsoxr interpolates more coarsely. */
const MAX_COEF_KBYTES = 400;
/** Pass-band roll-off allowed at the arbitrary-ratio stage's pass-band end (dB, a C float). */
const ROLLOFF_SMALL_DB = Math.fround(-0.01);

/**
 * End of the HQ pass band as a fraction of the lower Nyquist frequency (≈ 0.91374), from
 * libsoxr's transition-band model for 20-bit precision.
 */
const HQ_PASSBAND_END =
  1 - 0.05 / (1 - inverseFrequencyResponse(-3, PRECISION_BITS * linearToDb(2)));
const STOPBAND_BEGIN = 1;

/**
 * Half-band decimators (odd taps only; centre tap 0.5) and the attenuation each achieves, as
 * tabulated by libsoxr for its single-precision SIMD engine.
 */
const HALF_BAND_FILTERS: readonly { readonly att: number; readonly coefs: readonly number[] }[] = [
  {
    att: Math.fround(136.51),
    coefs: [
      3.1154652365332069e-1, -8.7344917685739543e-2, 3.681445835363728e-2, -1.5189204581464479e-2,
      5.4540855610738801e-3, -1.5643862626630416e-3, 3.1816575906323303e-4, -3.4799449225005688e-5,
    ],
  },
  {
    att: Math.fround(152.32),
    coefs: [
      3.1227034755311189e-1, -8.9221517147969526e-2, 3.9139704015071934e-2, -1.7250558515852023e-2,
      6.8589440230476112e-3, -2.3045049636430419e-3, 6.0963740543348963e-4, -1.1323803957431231e-4,
      1.1197769991000046e-5,
    ],
  },
];

/**
 * Phase-resolution scalars of libsoxr's polyphase tables used by HQ (C floats): for linear and
 * for quadratic coefficient interpolation, by whether the stage down-samples after a
 * pre-filter (`down`), down-samples into a post-filter (`downPost`) or up-samples (`up`).
 */
const INTERPOLATION_SCALARS = {
  down: [Math.fround(12.4), Math.fround(7.8)],
  downPost: [Math.fround(10.6), Math.fround(6.75)],
  up: [11, 7],
} as const;

function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

function roundedFloat32(values: Float64Array, scale: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.fround(values[i]! * scale);
  return out;
}

function firPlan(
  passbandEnd: number,
  stopbandBegin: number,
  nyquist: number,
  attenuation: number,
  up: number,
  down: number,
): FirPlan {
  // Linear phase: the centre tap lands on a multiple of `up` when the filter length allows.
  const modulo = isPowerOfTwo(up) && nyquist === up ? up << 1 : 4;
  const spec: LowpassSpec = { passbandEnd, stopbandBegin, nyquist, attenuation, phases: -modulo };
  return { kind: 'fir', up, down, taps: roundedFloat32(designLowpass(spec), up) };
}

/** Reorders a polyphase prototype into per-phase, per-tap interpolation coefficients. */
function polyphaseCoefs(
  h: Float64Array,
  numCoefs: number,
  phases: number,
  order: 0 | 1 | 2,
): Float64Array {
  const width = order + 1;
  const out = new Float64Array(phases * numCoefs * width);
  const at = (q: number): number => (q >= 0 && q < h.length ? h[q]! : 0);
  for (let phase = 0; phase < phases; phase++) {
    for (let k = 0; k < numCoefs; k++) {
      // Tap k of phase p reads prototype index (numCoefs-1-k)·phases + p − 1 (+1, +2 for the
      // interpolation neighbours).
      const pos = (numCoefs - 1 - k) * phases + phase - 1;
      const f0 = at(pos);
      const f1 = at(pos + 1);
      const f2 = at(pos + 2);
      const index = (phase * numCoefs + k) * width;
      out[index] = Math.fround(f0);
      if (order === 1) out[index + 1] = Math.fround(f1 - f0);
      else if (order === 2) {
        const curvature = 0.5 * (f2 + f0) - f1;
        out[index + 1] = Math.fround(f1 - curvature - f0);
        out[index + 2] = Math.fround(curvature);
      }
    }
  }
  return out;
}

interface RatioSplit {
  readonly upsample: boolean;
  readonly rational: boolean;
  readonly halvings: number;
  readonly preL: number;
  readonly preM: number;
  readonly arbL: number;
  readonly arbM: number;
  readonly postL: number;
  readonly postM: number;
}

/** Splits the ratio between the stages the way libsoxr does for HQ. */
function splitRatio(ioRatio: number): RatioSplit {
  let arbM = ioRatio;
  let arbL = 1;
  let preL = 1;
  let preM = 1;
  let postL = 1;
  let postM = 1;
  let halvings = 0;
  let upsample = false;
  let rational = false;
  let again = true;
  while (again) {
    again = false;
    upsample = arbM < 1;
    halvings = 0;
    for (let i = Math.trunc(0.5 * arbM); (i >>= 1) !== 0; ) {
      arbM *= 0.5;
      halvings++;
    }
    preM = upsample || (arbM > 1.5 && arbM < 2) ? 1 : 0;
    postM = 1 + (arbM > 1 && preM !== 0 ? 1 : 0);
    arbM /= postM;
    preL = 1 + (preM === 0 && arbM < 2 ? 1 : 0) + (upsample ? 1 : 0);
    arbM *= preL;
    const frac = arbM - Math.trunc(arbM);
    const epsilon =
      frac !== 0 ? Math.abs(Math.floor(frac * FRACTION_ONE + 0.5) / (frac * FRACTION_ONE) - 1) : 0;
    rational = frac === 0;
    for (let i = 1; i <= MAX_RATIONAL_DENOMINATOR && !rational; i++) {
      const d = frac * i;
      const numerator = Math.trunc(d + 0.5);
      rational = Math.abs(numerator / d - 1) <= epsilon;
      if (!rational) continue;
      if (numerator === i) {
        arbM = Math.ceil(arbM);
        const extraHalving = arbM > 3 ? 1 : 0;
        halvings += extraHalving;
        arbM /= 1 + extraHalving;
      } else {
        arbM = i * Math.trunc(arbM) + numerator;
        arbL = i;
      }
    }
    let l = preL * arbL;
    let m = Math.trunc(arbM * postM);
    if (((l | m) & 1) === 0) {
      l >>= 1;
      m >>= 1;
    }
    const upFactor = (preL * arbL) / arbM;
    if (postL === 1 && upFactor > 4 && upFactor !== 5) {
      // Large up-sampling: move a power-of-two factor to an FFT post-stage.
      postL = 4;
      for (let i = Math.trunc(upFactor / 16); (i >>= 1) !== 0 && postL < 256; ) postL <<= 1;
      arbM = (arbM * postL) / arbL / preL;
      arbL = 1;
      again = true;
    } else if (rational && (Math.max(l, m) < 5 || l * m < 6)) {
      // Small rational ratio: one FFT stage does it all.
      preL = l;
      preM = m;
      arbM = 1;
      arbL = 1;
      postM = 1;
    }
  }
  return { upsample, rational, halvings, preL, preM, arbL, arbM, postL, postM };
}

function polyphasePlan(
  split: RatioSplit,
  passbandEnd1: number,
  stopbandBegin1: number,
  attArb: number,
): PolyphasePlan {
  const { upsample, preM } = split;
  let { arbL, arbM, rational } = split;
  const mult = upsample ? 1 : arbM / arbL;
  let nyquist: number;
  let stopbandBegin: number;
  if (!upsample && preM !== 0) {
    nyquist = 2 * mult;
    stopbandBegin = 3 + Math.abs(stopbandBegin1 - 1);
  } else {
    nyquist = 1;
    stopbandBegin = 2 - (passbandEnd1 + (stopbandBegin1 - passbandEnd1) * 0.7);
  }
  const passbandEnd =
    stopbandBegin -
    (stopbandBegin - passbandEnd1) / (1 - inverseFrequencyResponse(ROLLOFF_SMALL_DB, attArb));
  const scalars = upsample
    ? INTERPOLATION_SCALARS.up
    : preM !== 0
      ? INTERPOLATION_SCALARS.downPost
      : INTERPOLATION_SCALARS.down;

  let order: 0 | 1 | 2 = rational ? 0 : 1;
  let numCoefs = 0;
  let phases = 0;
  let phaseBits = 0;
  let phase0 = 0;
  for (;;) {
    if (order > 0) {
      arbM /= arbL;
      arbL = 1;
      rational = false;
    }
    const scalar = order === 0 ? 0 : scalars[order - 1]!;
    phaseBits = Math.ceil(scalar - Math.log(mult) / Math.log(2));
    phases = rational ? arbL : 2 ** phaseBits;
    const phasesForLength = Math.max(phases, 19);
    const n0 = lowpassLength({
      passbandEnd,
      stopbandBegin,
      nyquist,
      attenuation: attArb,
      phases: phasesForLength,
    });
    numCoefs = Math.trunc(n0 / phasesForLength) + 1;
    if (preM === 0) numCoefs += numCoefs & 1; // even length when nothing filters before
    if ((numCoefs & 1) !== 0 && rational && (arbL & 1) !== 0) {
      phases <<= 1;
      arbL <<= 1;
      arbM *= 2;
    }
    phase0 = 0.5 * (numCoefs & 1);
    const coefBytes = ((numCoefs + 3) & ~3) * phases * (order + 1) * 4;
    if (order === 2 || Math.trunc(coefBytes / 1000) <= MAX_COEF_KBYTES) break;
    order = order === 0 ? 1 : 2;
  }

  const prototype = designLowpass(
    { passbandEnd, stopbandBegin, nyquist, attenuation: attArb, phases },
    numCoefs * phases - 1,
  );
  const coefs = polyphaseCoefs(prototype, numCoefs, phases, order);
  const stepWhole = Math.trunc(arbM * FRACTION_ONE + 0.5);
  const startWhole = Math.trunc(arbL * phase0 * FRACTION_ONE + 0.5);
  if (order === 0) {
    return {
      kind: 'polyphase',
      numCoefs,
      phases,
      order,
      coefs,
      up: arbL,
      start: startWhole / FRACTION_ONE,
      step: stepWhole / FRACTION_ONE,
      stepFraction: 0,
      phaseBits: 0,
    };
  }
  const stepInteger = Math.floor(stepWhole / FRACTION_ONE);
  return {
    kind: 'polyphase',
    numCoefs,
    phases,
    order,
    coefs,
    up: 1,
    start: startWhole,
    step: stepInteger,
    stepFraction: stepWhole - stepInteger * FRACTION_ONE,
    phaseBits,
  };
}

/**
 * The stages libsoxr 0.1.3 (`SOXR_HQ`, float32 engine) uses to convert with
 * `ioRatio = inputRate / outputRate`. Empty when the ratio is exactly 1.
 *
 * @example
 * ```ts
 * const stages = planStages(24414 / 22050); // [fir ×2 up, polyphase (quadratic, 128 phases)]
 * ```
 */
export function planStages(ioRatio: number): StagePlan[] {
  const split = splitRatio(ioRatio);
  const { upsample, preL, preM, arbL, arbM, postL, postM, halvings } = split;
  const havePre = preM * preL !== 1;
  const haveArb = arbM * arbL !== 1;
  const havePost = postM * postL !== 1;
  const stageCount = halvings + Number(havePre) + Number(haveArb) + Number(havePost);

  // Attenuation budget: +1 bit over the precision, shared between the stages.
  let att = (PRECISION_BITS + 1) * linearToDb(2);
  let attArb = att;
  if (stageCount > 1) {
    let others = stageCount;
    if (haveArb) {
      att += linearToDb(2);
      attArb = att;
      others--;
    }
    att += linearToDb(others);
  }

  const stages: StagePlan[] = [];
  let halfBand = HALF_BAND_FILTERS[0]!;
  for (let i = 0; i + 1 < HALF_BAND_FILTERS.length && att > HALF_BAND_FILTERS[i]!.att; i++) {
    halfBand = HALF_BAND_FILTERS[i + 1]!;
  }
  for (let i = 0; i < halvings; i++) {
    stages.push({ kind: 'halfBand', coefs: Float64Array.from(halfBand.coefs, Math.fround) });
  }

  // libsoxr "tightens" pass-band edges by a factor that is exactly 1 for HQ; the arithmetic
  // is kept because it rounds.
  const tighten = (x: number): number => STOPBAND_BEGIN - (STOPBAND_BEGIN - x) * 1;
  let passbandEnd1 = HQ_PASSBAND_END;
  let stopbandBegin1 = STOPBAND_BEGIN;
  if (havePre) {
    const nyquist1 = preM !== 0 ? Math.max(preL, preM) : arbM / arbL;
    stages.push(
      firPlan(tighten(passbandEnd1), stopbandBegin1, nyquist1, att, preL, Math.max(preM, 1)),
    );
    passbandEnd1 /= nyquist1;
    stopbandBegin1 /= nyquist1;
  }
  if (haveArb) stages.push(polyphasePlan(split, passbandEnd1, stopbandBegin1, attArb));
  if (havePost) {
    const alpha = postM / (ioRatio * postL);
    stages.push(
      firPlan(
        tighten(HQ_PASSBAND_END / (upsample ? alpha : 1)),
        upsample ? Math.max(2 - STOPBAND_BEGIN / alpha, 1) : STOPBAND_BEGIN,
        Math.max(postL, postM),
        att,
        postL,
        postM,
      ),
    );
  }
  return stages;
}
