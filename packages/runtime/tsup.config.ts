import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node/index.ts' },
  format: ['esm', 'cjs'],
  // Shared code goes into chunks so that CJS users of both entries get one copy of each class.
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  // `import.meta.url` in the CommonJS build (the Node loader finds the package's models/ with it).
  shims: true,
  target: 'es2022',
  platform: 'neutral',
  tsconfig: 'tsconfig.build.json',
});
