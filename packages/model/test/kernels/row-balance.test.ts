import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowBalancer } from '../../src/kernels/row-balance';

describe('RowBalancer', () => {
  it('splits evenly, in whole panels, until every thread has been timed', () => {
    const balancer = new RowBalancer();
    expect(balancer.split(64, 2)).toEqual([0, 32, 64]);
    expect(balancer.split(70, 2)).toEqual([0, 36, 70]);
    balancer.learn([0, 32], [10]);
    expect(balancer.split(64, 2)).toEqual([0, 32, 64]);
  });

  it('gives a thread that ran slower fewer rows, and follows it when it speeds up', () => {
    const balancer = new RowBalancer();
    balancer.learn([0, 32, 64], [16, 21]);
    expect(balancer.split(64, 2)).toEqual([0, 36, 64]);
    for (let i = 0; i < 20; i++) balancer.learn([0, 32, 64], [16, 16]);
    expect(balancer.split(64, 2)).toEqual([0, 32, 64]);
  });

  it('ignores missing or unusable timings', () => {
    const balancer = new RowBalancer();
    balancer.learn([0, 32, 64], undefined);
    balancer.learn([0, 32, 64], [0, Number.NaN]);
    expect(balancer.split(64, 2)).toEqual([0, 32, 64]);
  });

  it('always covers the batch with shares of at least one panel, whatever it learned', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 8, maxLength: 8 }),
        (threads, extra, times) => {
          const batch = 4 * threads + extra;
          const balancer = new RowBalancer();
          balancer.learn(balancer.split(batch, threads), times.slice(0, threads));
          const bounds = balancer.split(batch, threads);
          expect(bounds).toHaveLength(threads + 1);
          expect(bounds[0]).toBe(0);
          expect(bounds[threads]).toBe(batch);
          for (let i = 0; i < threads; i++) {
            const rows = (bounds[i + 1] as number) - (bounds[i] as number);
            expect(rows).toBeGreaterThanOrEqual(4);
            if (i < threads - 1) expect(rows % 4).toBe(0);
          }
        },
      ),
    );
  });

  it('rejects a batch too small for the threads', () => {
    expect(() => new RowBalancer().split(7, 2)).toThrow(/7 rows cannot give 2 threads 4 rows each/);
  });
});
