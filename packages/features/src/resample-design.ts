/**
 * Filter design for the soxr-HQ-compatible resampler: Kaiser-windowed sinc low-pass filters
 * sized and shaped the way libsoxr 0.1.3 sizes them, so that our stages use the same taps.
 *
 * The empirical fits below (Kaiser β table, filter-length polynomial, pass-band roll-off
 * model) are numeric constants from libsoxr (© robs@users.sourceforge.net, LGPL-2.1); the
 * code around them is our own.
 */

/**
 * `20·log10(x)`: a linear amplitude ratio in dB.
 *
 * @example
 * ```ts
 * linearToDb(2); // 6.0206 (one bit of precision)
 * ```
 */
export function linearToDb(x: number): number {
  return Math.log10(x) * 20;
}

/** Zeroth-order modified Bessel function of the first kind, summed until the series stops changing. */
function besselI0(x: number): number {
  const half = x / 2;
  let term = 1;
  let sum = 1;
  let previous: number;
  let k = 1;
  do {
    const y = half / k++;
    previous = sum;
    term *= y * y;
    sum += term;
  } while (sum !== previous);
  return sum;
}

/** Cubic fits of Kaiser β against attenuation, one per octave of transition width from 0.0005. */
const KAISER_BETA_FITS: readonly (readonly [number, number, number, number])[] = [
  [-6.784957e-10, 1.02856e-5, 0.1087556, -0.8988365 + 0.001],
  [-6.897885e-10, 1.027433e-5, 0.10876, -0.8994658 + 0.002],
  [-1.000683e-9, 1.030092e-5, 0.1087677, -0.9007898 + 0.003],
  [-3.654474e-10, 1.040631e-5, 0.1087085, -0.8977766 + 0.006],
  [8.106988e-9, 6.983091e-6, 0.1091387, -0.9172048 + 0.015],
  [9.519571e-9, 7.272678e-6, 0.1090068, -0.9140768 + 0.025],
  [-5.626821e-9, 1.342186e-5, 0.1083999, -0.9065452 + 0.05],
  [-9.965946e-8, 5.073548e-5, 0.1040967, -0.7672778 + 0.085],
  [1.604808e-7, -5.856462e-5, 0.1185998, -1.34824 + 0.1],
  [-1.511964e-7, 6.363034e-5, 0.1064627, -0.9876665 + 0.18],
];

function clampIndex(i: number, last: number): number {
  return Math.min(Math.max(i, 0), last);
}

/**
 * Kaiser window β for a stop-band attenuation `att` (dB) and a relative transition width
 * `trBw`. Above 60 dB it interpolates libsoxr's fitted table (tighter than Kaiser's formula).
 */
function kaiserBeta(att: number, trBw: number): number {
  if (att >= 60) {
    const realm = Math.log(trBw / 0.0005) / Math.log(2);
    const whole = Math.trunc(realm);
    const last = KAISER_BETA_FITS.length - 1;
    const c0 = KAISER_BETA_FITS[clampIndex(whole, last)]!;
    const c1 = KAISER_BETA_FITS[clampIndex(whole + 1, last)]!;
    const b0 = ((c0[0] * att + c0[1]) * att + c0[2]) * att + c0[3];
    const b1 = ((c1[0] * att + c1[1]) * att + c1[2]) * att + c1[3];
    return b0 + (b1 - b0) * (realm - whole);
  }
  if (att > 50) return 0.1102 * (att - 8.7);
  if (att > 20.96) return 0.58417 * (att - 20.96) ** 0.4 + 0.07886 * (att - 20.96);
  return 0;
}

/**
 * A low-pass specification in the form libsoxr's designer takes.
 *
 * @example
 * ```ts
 * // Pass band to 0.9 and stop band from 1.0 of Nyquist, 126 dB down, length ≡ 1 (mod 4):
 * const spec: LowpassSpec = { passbandEnd: 0.9, stopbandBegin: 1, nyquist: 1, attenuation: 126, phases: -4 };
 * ```
 */
export interface LowpassSpec {
  /** End of the pass band, in units where `nyquist` is the Nyquist frequency. */
  readonly passbandEnd: number;
  /** Start of the stop band, same units. */
  readonly stopbandBegin: number;
  /** The Nyquist frequency in the units above (e.g. 1, or the interpolation factor). */
  readonly nyquist: number;
  /** Stop-band attenuation in dB. */
  readonly attenuation: number;
  /**
   * `> 0`: the filter is a polyphase prototype with this many phases (length ≡ −1 mod phases);
   * `< 0`: a single-phase filter whose length is ≡ 1 (mod −phases).
   */
  readonly phases: number;
}

interface KaiserDesign {
  readonly numTaps: number;
  readonly cutoff: number;
  readonly beta: number;
  readonly rho: number;
  readonly gain: number;
}

function kaiserDesign(spec: LowpassSpec, numTapsWanted: number): KaiserDesign {
  const phases = Math.max(spec.phases, 1);
  const modulo = Math.max(-spec.phases, 1);
  const att = spec.attenuation;
  const rho = phases === 1 ? 0.5 : att < 120 ? 0.63 : 0.75;
  const fp = spec.passbandEnd / Math.abs(spec.nyquist);
  let fs = spec.stopbandBegin / Math.abs(spec.nyquist);
  let trBw = 0.5 * (fs - fp); // transition width between the −6 dB points
  trBw /= phases;
  fs /= phases;
  trBw = Math.min(trBw, 0.5 * fs);
  const cutoff = fs - trBw;
  const beta = kaiserBeta(att, (trBw * 0.5) / cutoff);
  let numTaps = numTapsWanted;
  if (numTaps === 0) {
    const width =
      att < 60
        ? (att - 7.95) / (2.285 * Math.PI * 2)
        : ((0.0007528358 - 1.577737e-5 * beta) * beta + 0.6248022) * beta + 0.06186902;
    const estimate = Math.ceil(width / trBw + 1);
    numTaps =
      phases > 1
        ? Math.trunc(estimate / phases) * phases + phases - 1
        : Math.trunc((estimate + modulo - 2) / modulo) * modulo + 1;
  }
  return { numTaps, cutoff, beta, rho, gain: phases };
}

/**
 * The number of taps libsoxr would give a filter meeting `spec`.
 *
 * @example
 * ```ts
 * lowpassLength({ passbandEnd: 0.9, stopbandBegin: 1, nyquist: 1, attenuation: 126, phases: -4 }); // 169
 * ```
 */
export function lowpassLength(spec: LowpassSpec): number {
  return kaiserDesign(spec, 0).numTaps;
}

/**
 * A linear-phase Kaiser-windowed sinc low-pass meeting `spec`, of `numTaps` taps (`0`: the
 * estimated length). DC gain is 1 per phase (so a polyphase prototype sums to `phases`).
 *
 * @example
 * ```ts
 * const taps = designLowpass({ passbandEnd: 0.9, stopbandBegin: 1, nyquist: 1, attenuation: 126, phases: -4 });
 * ```
 */
export function designLowpass(spec: LowpassSpec, numTaps = 0): Float64Array {
  const { numTaps: n, cutoff, beta, rho, gain } = kaiserDesign(spec, numTaps);
  const h = new Float64Array(n);
  const m = n - 1;
  const scale = gain / besselI0(beta);
  const windowScale = 1 / (0.5 * m + rho);
  for (let i = 0; i <= m >> 1; i++) {
    const z = i - 0.5 * m;
    const x = z * Math.PI;
    const y = z * windowScale;
    const sinc = x !== 0 ? Math.sin(cutoff * x) / x : cutoff;
    const value = sinc * (besselI0(beta * Math.sqrt(1 - y * y)) * scale);
    h[i] = value;
    h[m - i] = value;
  }
  return h;
}

function sinePhi(a: number): number {
  return ((2.0517e-7 * a - 1.1303e-4) * a + 0.023154) * a + 0.55924;
}

function sinePow(x: number): number {
  return Math.log(0.5) / Math.log(Math.sin(x * 0.5));
}

/**
 * libsoxr's model of its filters' transition band: the relative position (0 = pass-band end,
 * 1 = stop-band start) where the response of a filter with stop-band attenuation `att` has
 * dropped by `dropDb` (negative dB).
 *
 * @example
 * ```ts
 * const minus3dB = inverseFrequencyResponse(-3, 120.4); // where a 20-bit filter is 3 dB down
 * ```
 */
export function inverseFrequencyResponse(dropDb: number, att: number): number {
  const phi = sinePhi(att);
  const drop = Math.exp(dropDb * (Math.LN10 * 0.05));
  const s = drop > 0.5 ? 1 - drop : drop;
  const x = Math.asin(s ** (1 / sinePow(phi))) / phi;
  return drop > 0.5 ? x : 1 - x;
}
