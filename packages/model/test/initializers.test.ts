import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrthogonalInitializer } from '../src/initializers';
import { tf, tfl } from '../src/tf';

/** Row-major product m·mᵀ of an r×c matrix. */
function gram(m: Float32Array, r: number, c: number): Float64Array {
  const g = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      let s = 0;
      for (let k = 0; k < c; k++) s += m[i * c + k]! * m[j * c + k]!;
      g[i * r + j] = s;
    }
  }
  return g;
}

function maxDeviationFromIdentity(g: Float64Array, n: number, scale = 1): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      worst = Math.max(worst, Math.abs(g[i * n + j]! - (i === j ? scale : 0)));
    }
  }
  return worst;
}

describe('OrthogonalInitializer', () => {
  it('gives orthonormal rows for an LSTM(256) recurrent kernel [256, 1024]', () => {
    const w = new OrthogonalInitializer({ seed: 3 }).apply([256, 1024]);
    expect(w.shape).toEqual([256, 1024]);
    const g = gram(w.dataSync() as Float32Array, 256, 1024);
    w.dispose();
    expect(maxDeviationFromIdentity(g, 256)).toBeLessThan(1e-5);
  });

  it('gives orthonormal columns for tall shapes and scales by gain', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        (a, b, gain) => {
          const rows = Math.max(a, b);
          const cols = Math.min(a, b);
          const w = new OrthogonalInitializer({ gain, seed: a * 31 + b }).apply([rows, cols]);
          const m = w.dataSync() as Float32Array;
          w.dispose();
          // columns orthonormal: mᵀm = gain² I, computed as gram of the transpose
          const t = new Float32Array(rows * cols);
          for (let r = 0; r < rows; r++)
            for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c]!;
          expect(maxDeviationFromIdentity(gram(t, cols, rows), cols, gain * gain)).toBeLessThan(
            1e-4,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('matches the QR of the same normal draws with a positive R diagonal (Keras semantics)', () => {
    const shape = [7, 4];
    const seed = 11;
    const ours = new OrthogonalInitializer({ seed }).apply(shape);
    const a = tf.randomNormal([7, 4], 0, 1, 'float32', seed);
    const [q, r] = tf.linalg.qr(a);
    const rData = r!.dataSync();
    const qData = q!.dataSync();
    const expected = new Float32Array(28);
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 4; j++)
        expected[i * 4 + j] = qData[i * 4 + j]! * Math.sign(rData[j * 4 + j]!);
    }
    const got = ours.dataSync();
    for (let i = 0; i < 28; i++) expect(got[i]).toBeCloseTo(expected[i]!, 4);
    tf.dispose([ours, a, q!, r!]);
  });

  it('is reproducible with a seed and differs between seeds', () => {
    const a = new OrthogonalInitializer({ seed: 5 }).apply([8, 32]);
    const b = new OrthogonalInitializer({ seed: 5 }).apply([8, 32]);
    const c = new OrthogonalInitializer({ seed: 6 }).apply([8, 32]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([a, b, c]);
  });

  it('flattens leading dimensions like Keras (conv kernels)', () => {
    const w = new OrthogonalInitializer({ seed: 2 }).apply([3, 2, 8]);
    expect(w.shape).toEqual([3, 2, 8]);
    const g = gram(w.dataSync() as Float32Array, 6, 8);
    w.dispose();
    expect(maxDeviationFromIdentity(g, 6)).toBeLessThan(1e-5);
  });

  it('survives a save/load round trip inside an LSTM config', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.lstm({
          units: 3,
          inputShape: [4, 2],
          recurrentInitializer: new OrthogonalInitializer({ gain: 2, seed: 9 }),
        }),
      ],
    });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const text = JSON.stringify(saved!.modelTopology);
    expect(text).toContain('"class_name":"OrthogonalInitializer"');
    expect(text).toContain('"gain":2');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const after = loaded.getWeights().map((w) => Array.from(w.dataSync()));
    expect(after).toEqual(before);
    model.dispose();
    loaded.dispose();
  });

  it('rejects 1-D shapes and non-float dtypes', () => {
    expect(() => new OrthogonalInitializer().apply([5])).toThrow(/at least 2 dimensions/);
    expect(() => new OrthogonalInitializer().apply([2, 2], 'int32')).toThrow(/float32/);
  });
});
