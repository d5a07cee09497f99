import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node/index.ts' },
  format: ['esm', 'cjs'],
  // Shared code goes into chunks in both formats: without splitting the CJS build would copy
  // it into index.cjs and node.cjs, giving CJS users two BundleError classes (instanceof fails)
  // and two registrations of every serialisable class.
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  tsconfig: 'tsconfig.build.json',
});
