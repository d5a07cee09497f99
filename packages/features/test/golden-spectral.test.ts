/**
 * The spectral chain against librosa 0.11.0 (/work/shared/golden): mel filters, STFT power,
 * mel spectrogram, power_to_db and MFCC of every synthetic signal in both configurations.
 * Criterion: largest |Δ| ≤ 1e-4 × largest |reference|, on both backends (TypeScript and
 * WebAssembly SIMD); the worst ratios seen are printed.
 */
import { afterAll, expect, it } from 'vitest';
import { describeWithData, goldenPath } from '../../../tools/data';
import { powerToDb } from '../src/db';
import { rowMeans } from '../src/matrix';
import { denseMelFilterBank, melFilterBank } from '../src/mel';
import { melspectrogram } from '../src/melspectrogram';
import { mfcc } from '../src/mfcc';
import { powerSpectrogram, stft } from '../src/stft';
import { describeEachBackend } from './backends';
import {
  decodeSamples,
  type GoldenResample,
  type GoldenSignal,
  golden,
  leadingColumns,
  matrixOf,
  samplesOf,
  worstRatio,
} from './golden-data';

const TOLERANCE = 1e-4;
const SIGNALS = ['sine440', 'chirp', 'noise', 'short0.3s', 'tiny', 'silence'] as const;
const FILES = SIGNALS.flatMap((signal) => [`${signal}_22050.json`, `${signal}_16000.json`]);
const worst = new Map<string, { ratio: number; where: string }>();

function record(stage: string, where: string, ratio: number): void {
  const seen = worst.get(stage);
  if (seen === undefined || ratio > seen.ratio) worst.set(stage, { ratio, where });
  expect(ratio, `${stage} of ${where}`).toBeLessThanOrEqual(TOLERANCE);
}

afterAll(() => {
  if (worst.size === 0) return;
  const lines = [...worst].map(
    ([stage, { ratio, where }]) => `  ${stage.padEnd(14)} ${ratio.toExponential(2)}  (${where})`,
  );
  console.log(`worst max|Δ| / max|reference| against librosa 0.11:\n${lines.join('\n')}`);
});

interface MelFilterFile {
  filters: Record<
    string,
    {
      params: {
        sr: number;
        n_fft: number;
        n_mels: number;
        fmin: number;
        fmax: number;
        htk: boolean;
      };
      mel_frequencies_hz: number[];
      weights: Parameters<typeof matrixOf>[0];
    }
  >;
}

describeWithData(
  'mel filter banks vs librosa.filters.mel',
  goldenPath('mel_filters.json'),
  'golden librosa outputs',
  () => {
    const file = golden<MelFilterFile>('mel_filters.json')!;
    for (const [name, reference] of Object.entries(file.filters)) {
      it(`${name}: every float32 weight identical, band edges to float64 rounding`, () => {
        const { sr, n_fft: nFft, n_mels: nMels, fmin, fmax, htk } = reference.params;
        const bank = melFilterBank({ sr, nFft, nMels, fmin, fmax, htk });
        const dense = denseMelFilterBank(bank);
        const expected = matrixOf(reference.weights);
        expect([dense.rows, dense.cols]).toEqual([expected.rows, expected.cols]);
        record('mel filters', name, worstRatio(dense.data, expected.data));
        let identical = 0;
        for (let i = 0; i < expected.data.length; i++)
          if (dense.data[i] === expected.data[i]) identical++;
        expect(identical).toBe(expected.data.length);
        expect(worstRatio(bank.melFrequencies, reference.mel_frequencies_hz)).toBeLessThan(1e-14);
        // Sparse storage keeps only the non-zero weights.
        expect(bank.weights.length).toBe(expected.data.filter((w) => w !== 0).length);
      });
    }
  },
);

/** librosa's parameters of a golden configuration, as our options. */
function optionsOf(params: Record<string, unknown>) {
  const p = params as {
    sr: number;
    n_fft: number;
    hop_length: number;
    win_length: number | null;
    n_mels: number;
    fmax: number | null;
    n_mfcc: number;
  };
  return {
    sr: p.sr,
    nFft: p.n_fft,
    hopLength: p.hop_length,
    ...(p.win_length === null ? {} : { winLength: p.win_length }),
    nMels: p.n_mels,
    ...(p.fmax === null ? {} : { fmax: p.fmax }),
    nMfcc: p.n_mfcc,
  };
}

describeEachBackend('spectral chain', (backend) =>
  describeWithData(
    'spectral chain vs librosa 0.11',
    goldenPath('sine440_22050.json'),
    'golden librosa outputs',
    () => {
      for (const name of FILES) {
        it(`${name}: STFT power, mel spectrogram, power_to_db, MFCC`, () => {
          const file = golden<GoldenSignal>(name)!;
          const y = samplesOf(file);
          for (const [configName, reference] of Object.entries(file.configs)) {
            const where = `${name} ${configName} [${backend}]`;
            const options = optionsOf(reference.params);
            const { nMfcc, ...melOptions } = options;

            const power = powerSpectrogram(y, melOptions);
            expect(power.cols).toBe(reference.n_frames);
            const first = matrixOf(reference.stft_power_first3);
            record(
              'stft power',
              where,
              worstRatio(leadingColumns(power, first.cols).data, first.data),
            );

            // The complex STFT agrees with its own power spectrogram.
            const X = stft(y, melOptions);
            const squared = X.re.map((re, i) => re * re + X.im[i]! * X.im[i]!);
            expect(worstRatio(squared, power.data)).toBeLessThan(1e-6);

            const mel = melspectrogram(y, melOptions);
            record(
              'melspectrogram',
              where,
              worstRatio(mel.data, matrixOf(reference.melspectrogram).data),
            );
            // From a precomputed power spectrogram: the same bands.
            expect(worstRatio(melspectrogram(power, melOptions).data, mel.data)).toBeLessThan(1e-6);

            const db = powerToDb(mel);
            record('power_to_db', where, worstRatio(db.data, matrixOf(reference.power_to_db).data));

            const coefficients = mfcc(y, options);
            const expected = matrixOf(reference.mfcc);
            expect([coefficients.rows, coefficients.cols]).toEqual([expected.rows, expected.cols]);
            record('mfcc', where, worstRatio(coefficients.data, expected.data));
            // From the log-mel spectrogram: identical.
            expect(mfcc(db, { nMfcc }).data).toEqual(coefficients.data);
            record(
              'mfcc mean',
              where,
              worstRatio(rowMeans(coefficients), matrixOf(reference.mfcc_mean).data),
            );
          }
        });
      }

      it('MFCC of the soxr-resampled chirp (24414 → 22050 Hz), 40 coefficients', () => {
        const file = golden<GoldenResample>('resample_chirp_24414_to_22050.json');
        if (file === undefined) return;
        const y = decodeSamples(file.resample.output.samples_f32le_b64);
        const coefficients = mfcc(y, { sr: 22050, nMfcc: 40 });
        record(
          'mfcc',
          `resampled chirp [${backend}]`,
          worstRatio(coefficients.data, matrixOf(file.resample.mfcc).data),
        );
      });
    },
  ),
);
