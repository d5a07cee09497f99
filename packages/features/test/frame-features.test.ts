import { describe, expect, it } from 'vitest';
import { rms, zeroCrossingRate } from '../src/frame-features';

describe('rms (librosa.feature.rms)', () => {
  it('is √(mean of squares) per centred, zero-padded frame', () => {
    const y = new Float32Array(4096).fill(0.5);
    const r = rms(y);
    expect([r.rows, r.cols]).toEqual([1, 1 + 4096 / 512]);
    // Frame 0 covers 1024 padded zeros and 1024 samples of 0.5.
    expect(r.data[0]).toBeCloseTo(Math.sqrt(0.25 / 2), 6);
    expect(r.data[4]).toBeCloseTo(0.5, 6);
  });

  it('uncentred frames of a sine have rms ≈ amplitude/√2; reflect padding is accepted', () => {
    const y = Float32Array.from({ length: 8000 }, (_, n) => Math.sin((2 * Math.PI * n) / 100));
    const r = rms(y, { frameLength: 400, hopLength: 100, center: false });
    expect(r.cols).toBe(1 + Math.floor((8000 - 400) / 100));
    for (const v of r.data) expect(v).toBeCloseTo(Math.SQRT1_2, 5);
    expect(rms(y, { frameLength: 400, hopLength: 100, padMode: 'reflect' }).data[0]).toBeCloseTo(
      Math.SQRT1_2,
      2,
    );
  });
});

describe('zeroCrossingRate (librosa.feature.zero_crossing_rate)', () => {
  it('counts sign changes inside each frame over frameLength', () => {
    const y = Float32Array.from({ length: 64 }, (_, n) => (n % 2 === 0 ? 1 : -1));
    const z = zeroCrossingRate(y, { frameLength: 16, hopLength: 8, center: false });
    for (const v of z.data) expect(v).toBe(15 / 16);
  });

  it('pads centred frames by repeating the edge sample (no crossing added there)', () => {
    const y = Float32Array.of(-1, -1, 1, 1, 1, 1, 1, 1);
    const z = zeroCrossingRate(y, { frameLength: 4, hopLength: 2 });
    // Edge padding: [-1, -1, | -1, -1, 1, 1, 1, 1, 1, 1 |, 1, 1]; frames start at 0, 2, 4, 6, 8,
    // and only the frame [-1, -1, 1, 1] holds a crossing (zero padding would add one to frame 0).
    expect(Array.from(z.data)).toEqual([0, 1 / 4, 0, 0, 0]);
  });

  it('treats |y| ≤ threshold (1e-10) as zero, zero as positive; zeroPos false makes 0 a third sign', () => {
    const y = Float32Array.of(1, 1e-12, -1e-12, 0, 1, -0.5, 0, 0.5);
    expect(zeroCrossingRate(y, { frameLength: 8, center: false }).data[0]).toBe(2 / 8);
    expect(zeroCrossingRate(y, { frameLength: 8, center: false, threshold: 0 }).data[0]).toBe(
      4 / 8,
    );
    expect(zeroCrossingRate(y, { frameLength: 8, center: false, zeroPos: false }).data[0]).toBe(
      5 / 8,
    );
  });
});
