import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelBinaries, kernelSourceHash } from '../../src/kernels/wasm-binaries';

const sources = join(import.meta.dirname, '..', '..', 'src', 'kernels', 'assembly');

describe('the committed WebAssembly kernels', () => {
  it('were compiled from the current AssemblyScript sources (else run src/kernels/assembly/build.mjs)', () => {
    const hash = createHash('sha256');
    for (const name of readdirSync(sources)
      .filter((f) => f.endsWith('.ts'))
      .sort()) {
      hash.update(name);
      hash.update(readFileSync(join(sources, name)));
    }
    expect(hash.digest('hex')).toBe(kernelSourceHash);
  });

  it('are valid SIMD modules for private and shared memory', () => {
    for (const variant of [kernelBinaries.simd, kernelBinaries.simdShared]) {
      expect(WebAssembly.validate(Buffer.from(variant, 'base64'))).toBe(true);
    }
  });
});
