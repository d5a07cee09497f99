import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FirPlan, type PolyphasePlan, planStages } from '../src/resample-plan';
import { StageChain } from '../src/resample-stages';

/** Deterministic pseudo-random samples in [−0.5, 0.5). */
function noise(n: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** Output p of an `up`/`down` FIR stage by its definition: Σᵢ h[i]·z[p·down + half − i], z zero-stuffed. */
function directFir(plan: FirPlan, x: Float32Array, count: number): Float64Array {
  const { up, down, taps } = plan;
  const half = (taps.length - 1) >> 1;
  const out = new Float64Array(count);
  for (let p = 0; p < count; p++) {
    let sum = 0;
    for (let i = 0; i < taps.length; i++) {
      const position = p * down + half - i;
      if (position >= 0 && position % up === 0 && position / up < x.length)
        sum += taps[i]! * x[position / up]!;
    }
    out[p] = sum;
  }
  return out;
}

/** Output j of an exact rational polyphase stage by its definition. */
function directRational(plan: PolyphasePlan, x: Float32Array, count: number): Float64Array {
  const { coefs, numCoefs, up, start, step } = plan;
  const margin = (numCoefs - 1) >> 1;
  const out = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const position = start + j * step;
    const base = Math.floor(position / up) - margin;
    const phase = position % up;
    let sum = 0;
    for (let k = 0; k < numCoefs; k++) {
      const i = base + k;
      if (i >= 0 && i < x.length) sum += coefs[phase * numCoefs + k]! * x[i]!;
    }
    out[j] = sum;
  }
  return out;
}

/** Output j of an interpolated (order 1 or 2) polyphase stage by its definition, 32.32 fixed point. */
function directInterpolated(plan: PolyphasePlan, x: Float32Array, count: number): Float64Array {
  const { coefs, numCoefs, order, start, step, stepFraction, phaseBits } = plan;
  const margin = (numCoefs - 1) >> 1;
  const terms = order + 1;
  const out = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const position = BigInt(start) + BigInt(j) * ((BigInt(step) << 32n) + BigInt(stepFraction));
    const base = Number(position >> 32n) - margin;
    const fraction = Number(position & 0xffffffffn);
    const phase = Math.floor(fraction / 2 ** (32 - phaseBits));
    const t = Math.fround(((fraction * 2 ** phaseBits) % 2 ** 32) / 2 ** 32);
    let sum = 0;
    for (let k = 0; k < numCoefs; k++) {
      const c = (phase * numCoefs + k) * terms;
      const coef =
        order === 1
          ? coefs[c]! + t * coefs[c + 1]!
          : coefs[c]! + t * (coefs[c + 1]! + t * coefs[c + 2]!);
      const i = base + k;
      if (i >= 0 && i < x.length) sum += coef * x[i]!;
    }
    out[j] = sum;
  }
  return out;
}

function run(plan: FirPlan | PolyphasePlan, x: Float32Array, count: number): Float32Array {
  const out = new Float32Array(count);
  new StageChain([plan]).process(x, count, out);
  return out;
}

describe('resample stages against their definitions', () => {
  it('up-by-2 FIR (polyphase FFT convolution) equals direct convolution of the zero-stuffed input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (halfTaps, length, seed) => {
          const taps = Float64Array.from(noise(2 * halfTaps + 1, seed));
          const plan: FirPlan = { kind: 'fir', up: 2, down: 1, taps };
          const x = noise(length, seed + 1);
          const count = 2 * length + (seed % 3) - 1;
          if (count < 0) return;
          const expected = directFir(plan, x, count);
          expect(maxAbsDiff(run(plan, x, count), expected)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the planned 24000 → 48000 FIR (445 taps) matches direct convolution over several blocks', () => {
    const plan = planStages(24000 / 22050)[0] as FirPlan;
    expect([plan.kind, plan.up, plan.down, plan.taps.length]).toEqual(['fir', 2, 1, 445]);
    const x = noise(6000, 7);
    const expected = directFir(plan, x, 2 * x.length);
    expect(maxAbsDiff(run(plan, x, 2 * x.length), expected)).toBeLessThan(1e-6);
  });

  it('rational polyphase stages (14 taps, unrolled; 15 taps, generic) match their definition', () => {
    for (const ratio of [24000 / 22050, 16000 / 22050]) {
      const plan = planStages(ratio)[1] as PolyphasePlan;
      expect(plan.kind).toBe('polyphase');
      expect(plan.order).toBe(0);
      const x = noise(4000, 11);
      const count = Math.floor((x.length * plan.up) / plan.step);
      const expected = directRational(plan, x, count);
      expect(maxAbsDiff(run(plan, x, count), expected)).toBeLessThan(1e-6);
    }
  });

  it('interpolated polyphase stages (quadratic 14 taps unrolled, quadratic 13 and linear 12 generic) match their definition', () => {
    const tess = planStages(24414 / 22050)[1] as PolyphasePlan;
    expect([tess.kind, tess.order, tess.numCoefs]).toEqual(['polyphase', 2, 14]);
    const linear = planStages(24414 / 16000)[0] as PolyphasePlan;
    expect([linear.kind, linear.order, linear.numCoefs]).toEqual(['polyphase', 1, 12]);
    const quadratic13: PolyphasePlan = {
      ...tess,
      numCoefs: 13,
      coefs: Float64Array.from(noise(tess.phases * 13 * 3, 5)),
    };
    for (const plan of [tess, linear, quadratic13]) {
      const x = noise(3000, 13);
      const stepSize = plan.step + plan.stepFraction / 2 ** 32;
      const count = Math.floor(x.length / stepSize);
      const expected = directInterpolated(plan, x, count);
      expect(maxAbsDiff(run(plan, x, count), expected)).toBeLessThan(1e-6);
    }
  });
});
