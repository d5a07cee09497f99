import { defineConfig } from 'tsup';

export default defineConfig({
  // `worker` is the feature-extraction worker thread; `extractFeatures` starts it from the file
  // beside the bundle that contains it (dist/worker.js next to dist/node.js, .cjs next to .cjs).
  entry: { index: 'src/index.ts', node: 'src/node/index.ts', worker: 'src/node/worker.ts' },
  format: ['esm', 'cjs'],
  // Shared code goes into chunks so that CJS users of both entries get one copy of each class.
  splitting: true,
  // CJS chunks keep `import.meta.url` verbatim (a syntax error in CommonJS) unless shimmed;
  // `extractFeatures` needs its own URL to find the worker file.
  shims: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  tsconfig: 'tsconfig.build.json',
});
