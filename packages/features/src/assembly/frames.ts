/**
 * Mel spectrogram frames, four at a time (one per lane): window, real FFT, |X|^power and the
 * sparse mel filter bank, without leaving WebAssembly.
 */
import { COMPLEX, fftComplex, loadLanes, realSpectrum } from './fft';

/**
 * Mel band powers of `frames` frames of `nFft` samples (a power of two ≥ 8) taken every `hop`
 * samples from the f32 signal at `signal` (already padded: frame t starts at sample t·hop).
 * Band m of frame t goes to the f32 at `out + 4·(m·outStride + t)`; `outStride` must be a
 * multiple of 4 ≥ frames (the padding columns get copies of the last frame). `power` is 1
 * (magnitude) or 2 (power). The bank is sparse: band m has weights `weights[offsets[m] ..
 * offsets[m+1])` (f32) on bins from `firstBin[m]` (i32 arrays). `twiddles` are those of an
 * nFft/2-point {@link fftComplex}, `split` those of {@link realSpectrum}. `work` needs
 * 2·nFft·16 + (nFft/2 + 1)·16 bytes.
 */
export function melFrames(
  signal: usize,
  hop: i32,
  frames: i32,
  nFft: i32,
  window: usize,
  twiddles: usize,
  split: usize,
  firstBin: usize,
  offsets: usize,
  weights: usize,
  nMels: i32,
  power: i32,
  out: usize,
  outStride: i32,
  work: usize,
): void {
  const half = nFft >> 1;
  const z = work;
  const y = z + <usize>half * COMPLEX;
  const bins = y + <usize>half * COMPLEX;
  const last = frames - 1;
  for (let t0: i32 = 0; t0 < frames; t0 += 4) {
    const s0 = signal + ((<usize>t0 * <usize>hop) << 2);
    const s1 = signal + ((<usize>min(t0 + 1, last) * <usize>hop) << 2);
    const s2 = signal + ((<usize>min(t0 + 2, last) * <usize>hop) << 2);
    const s3 = signal + ((<usize>min(t0 + 3, last) * <usize>hop) << 2);
    loadLanes(s0, s1, s2, s3, nFft, window, z);
    const spectrum = fftComplex(z, y, half, twiddles);
    realSpectrum(spectrum, half, split, bins, power === 2 ? 0 : 1);
    let target = out + ((<usize>t0) << 2);
    const rowBytes = (<usize>outStride) << 2;
    for (let m: i32 = 0; m < nMels; m++) {
      const end = load<i32>(offsets + ((<usize>(m + 1)) << 2));
      let j = load<i32>(offsets + ((<usize>m) << 2));
      let bin = bins + ((<usize>load<i32>(firstBin + ((<usize>m) << 2))) << 4);
      let acc = f32x4.splat(0);
      for (; j < end; j++) {
        acc = f32x4.add(
          acc,
          f32x4.mul(v128.load32_splat(weights + ((<usize>j) << 2)), v128.load(bin)),
        );
        bin += 16;
      }
      v128.store(target, acc);
      target += rowBytes;
    }
  }
}
