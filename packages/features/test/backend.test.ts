/**
 * The two feature backends: selection, the committed WebAssembly binary, and agreement of the
 * WebAssembly SIMD kernels (float32) with the TypeScript code (float64) on synthetic edge cases
 * and on real RAVDESS recordings. (Each backend's agreement with librosa is tested by the golden
 * suites, which run on both.)
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataPath, describeWithData } from '../../../tools/data';
import { featureBackend, setFeatureBackend } from '../src/backend';
import { FeatureParameterError } from '../src/errors';
import { loadAudio } from '../src/load';
import { logMelSpectrogram } from '../src/log-mel';
import type { Matrix } from '../src/matrix';
import { type MelSpectrogramOptions, melspectrogram } from '../src/melspectrogram';
import { mfcc } from '../src/mfcc';
import { seedFeatures } from '../src/presets';
import { resample } from '../src/resample';
import { featureKernelSourceHash } from '../src/wasm-binaries';
import { worstRatio } from './golden-data';

/** `compute()` on the TypeScript backend, then on the WebAssembly one. */
function onBoth<T>(compute: () => T): { typescript: T; wasm: T } {
  setFeatureBackend('typescript');
  const typescript = compute();
  setFeatureBackend('wasm');
  const wasm = compute();
  return { typescript, wasm };
}

function sameShape(a: Matrix, b: Matrix): void {
  expect([a.rows, a.cols]).toEqual([b.rows, b.cols]);
}

function voice(n: number, sr: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => {
    const t = i / sr;
    return 0.4 * Math.sin(2 * Math.PI * 210 * t) + 0.05 * Math.sin(2 * Math.PI * 3100 * t + 1);
  });
}

afterEach(() => {
  setFeatureBackend('auto');
});

describe('the committed WebAssembly kernels', () => {
  it('were compiled from the current AssemblyScript sources (else run src/assembly/build.mjs)', () => {
    const sources = join(import.meta.dirname, '..', 'src', 'assembly');
    const hash = createHash('sha256');
    for (const name of readdirSync(sources)
      .filter((f) => f.endsWith('.ts'))
      .sort()) {
      hash.update(name);
      hash.update(readFileSync(join(sources, name)));
    }
    expect(hash.digest('hex')).toBe(featureKernelSourceHash);
  });
});

describe('setFeatureBackend', () => {
  it("picks WebAssembly under 'auto' in Node, TypeScript when forced, and reports it", () => {
    expect(setFeatureBackend('auto')).toBe('wasm');
    expect(featureBackend()).toBe('wasm');
    expect(setFeatureBackend('typescript')).toBe('typescript');
    expect(featureBackend()).toBe('typescript');
    expect(setFeatureBackend('wasm')).toBe('wasm');
  });

  it('rejects an unknown backend with FeatureParameterError naming it', () => {
    const attempt = () => setFeatureBackend('gpu' as 'wasm');
    expect(attempt).toThrow(FeatureParameterError);
    expect(attempt).toThrow(/^backend: .*got gpu/);
    expect(featureBackend()).toBe('wasm');
  });
});

describe('WebAssembly and TypeScript backends agree', () => {
  it.each<[string, MelSpectrogramOptions, number]>([
    ['librosa defaults', { sr: 22050 }, 22050],
    ['speech 16 kHz', { sr: 16000, nFft: 512, hopLength: 160, winLength: 400, nMels: 40 }, 16000],
    ['magnitude, reflect padding', { sr: 22050, power: 1, padMode: 'reflect' }, 22050],
    ['no centring', { sr: 22050, center: false }, 5000],
    ['nFft 8, one to three frames', { sr: 8000, nFft: 8, hopLength: 4, nMels: 2 }, 9],
    ['edge padding, 5 frames', { sr: 22050, padMode: 'edge' }, 2100],
  ])('mel spectrogram: %s', (_, options, length) => {
    const y = voice(length, options.sr ?? 22050);
    const { typescript, wasm } = onBoth(() => melspectrogram(y, options));
    sameShape(wasm, typescript);
    // float32 FFT and accumulation against float64: librosa's own float32 rounding level.
    expect(worstRatio(wasm.data, typescript.data)).toBeLessThan(2e-6);
  });

  it('configurations the kernels do not cover give identical results (TypeScript on both)', () => {
    const y = voice(8000, 16000);
    for (const options of [
      { sr: 16000, nFft: 400, hopLength: 160, nMels: 40 },
      { sr: 16000, nFft: 512, power: 1.5, nMels: 40 },
    ]) {
      const { typescript, wasm } = onBoth(() => melspectrogram(y, options));
      expect(wasm.data).toEqual(typescript.data);
    }
    // 96000 Hz starts with a half-band decimator, which has no kernel.
    const { typescript, wasm } = onBoth(() => resample(y, { origSr: 96000, targetSr: 22050 }));
    expect(wasm).toEqual(typescript);
  });

  it.each([
    [24414, 22050],
    [24000, 22050],
    [16000, 22050],
    [22050, 16000],
    [8000, 16000],
    [44100, 16000],
    [48000, 22050],
    [44100, 22050],
    [48000, 16000],
  ])('resample %i → %i Hz, short and long inputs', (origSr, targetSr) => {
    for (const n of [0, 1, 7, 300, 3 * origSr]) {
      const y = voice(n, origSr);
      const { typescript, wasm } = onBoth(() => resample(y, { origSr, targetSr }));
      expect(wasm.length).toBe(typescript.length);
      // libsoxr's own engine is float32: absolute error ≈ float32 rounding of the signal.
      let worst = 0;
      for (let i = 0; i < wasm.length; i++)
        worst = Math.max(worst, Math.abs(wasm[i]! - typescript[i]!));
      expect(worst).toBeLessThan(2e-6);
    }
  });

  it('log-mel and MFCC with a top_db clamp', () => {
    const y = voice(22050, 22050);
    const logMel = onBoth(() => logMelSpectrogram(y, { sr: 22050 }));
    expect(worstRatio(logMel.wasm.data, logMel.typescript.data)).toBeLessThan(1e-5);
    const coefficients = onBoth(() => mfcc(y, { sr: 22050, nMfcc: 40 }));
    expect(worstRatio(coefficients.wasm.data, coefficients.typescript.data)).toBeLessThan(1e-5);
  });
});

describeWithData(
  'WebAssembly and TypeScript backends agree on RAVDESS recordings',
  dataPath('ravdess-24k'),
  'RAVDESS audio',
  (dir) => {
    // One file of each of 8 actors, female and male.
    const files = readdirSync(dir)
      .filter((actor) => actor.startsWith('Actor_'))
      .sort()
      .slice(0, 8)
      .map((actor) => {
        const name = readdirSync(join(dir, actor)).sort()[5]!;
        return join(dir, actor, name);
      });

    it.each(files)('%s: seed features, resampled audio and MFCC sequence', (path) => {
      const bytes = readFileSync(path);
      const seed = onBoth(() => seedFeatures(bytes, path));
      expect(seed.wasm.shape).toEqual([40, 1]);
      // The seed goal's criterion is 0.05 per coefficient against librosa; the backends are far closer.
      expect(worstRatio(seed.wasm.data, seed.typescript.data)).toBeLessThan(1e-5);
      const audio = onBoth(() => loadAudio(bytes, { sr: 22050, source: path }).samples);
      let worst = 0;
      for (let i = 0; i < audio.wasm.length; i++)
        worst = Math.max(worst, Math.abs(audio.wasm[i]! - audio.typescript[i]!));
      expect(worst).toBeLessThan(2e-6);
      const sequence = onBoth(() => mfcc(audio.typescript, { sr: 22050, nMfcc: 40 }));
      expect(worstRatio(sequence.wasm.data, sequence.typescript.data)).toBeLessThan(1e-5);
    });
  },
);
