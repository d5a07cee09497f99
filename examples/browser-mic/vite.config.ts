import { defineConfig } from 'vite';
import { serveModel } from './serve-model.ts';

export default defineConfig({
  // Relative asset URLs, so the built app works from any folder of a static host.
  base: './',
  plugins: [serveModel()],
  // TensorFlow.js alone is about 600 kB minified (160 kB gzipped): expected, not a mistake.
  build: { chunkSizeWarningLimit: 1024 },
});
