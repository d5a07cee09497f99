import { type PowerToDbOptions, powerToDbInto, referenceDb, resolvePowerToDb } from './db';
import type { Matrix } from './matrix';
import { type MelSpectrogramOptions, melspectrogram } from './melspectrogram';

/**
 * Options of {@link logMelSpectrogram}: the mel spectrogram's plus `power_to_db`'s.
 *
 * @example
 * ```ts
 * const options: LogMelSpectrogramOptions = { sr: 16000, nFft: 512, hopLength: 160, nMels: 64, ref: 'max' };
 * ```
 */
export interface LogMelSpectrogramOptions extends MelSpectrogramOptions, PowerToDbOptions {}

/**
 * Log-power mel spectrogram in dB: `powerToDb(melspectrogram(y, options), options)`, the input
 * of librosa's MFCC (`librosa.power_to_db(librosa.feature.melspectrogram(y=y, …))`).
 * Converts in place, so only the mel matrix is allocated.
 *
 * @example
 * ```ts
 * const logMel = logMelSpectrogram(y, { sr: 16000, nFft: 512, hopLength: 160, winLength: 400, nMels: 40 });
 * ```
 */
export function logMelSpectrogram(y: Float32Array, options: LogMelSpectrogramOptions = {}): Matrix {
  const resolved = resolvePowerToDb(options);
  const mel = melspectrogram(y, options);
  powerToDbInto(
    mel.data,
    mel.data,
    referenceDb(mel.data, options.ref ?? 1, resolved.amin),
    resolved,
  );
  return mel;
}
