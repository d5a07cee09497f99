/**
 * A Vite plugin that serves the shipped @ser model bundle under `<base>model/` and TensorFlow.js's
 * WebAssembly binaries under `<base>wasm/` in development, and copies both into the build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/** Where the files come from (defaults: the model shipped in @ser/runtime, tfjs's wasm dist). */
export interface ServeModelOptions {
  /** A model bundle directory (metadata.json, model.json, weights). */
  readonly modelDir?: string;
  /** A folder holding `tfjs-backend-wasm*.wasm`. */
  readonly wasmDir?: string;
}

const require = createRequire(import.meta.url);

/** The bundle served by default: the pretrained model @ser/runtime ships. */
export const SHIPPED_MODEL_DIR = join(
  dirname(require.resolve('@ser/runtime/package.json')),
  'models',
  'ravdess-statistics-mlp',
);

const TFJS_WASM_DIR = dirname(
  require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
);

/** The files to publish: URL path under the base → file on disk. */
function publishedFiles(options: ServeModelOptions): Map<string, string> {
  const files = new Map<string, string>();
  const modelDir = options.modelDir ?? SHIPPED_MODEL_DIR;
  for (const name of readdirSync(modelDir)) {
    if (/\.(json|bin)$/.test(name)) files.set(`model/${name}`, join(modelDir, name));
  }
  if (!files.has('model/model.json') || !files.has('model/metadata.json')) {
    throw new Error(`${modelDir}: not a model bundle (model.json and metadata.json are required)`);
  }
  const wasmDir = options.wasmDir ?? TFJS_WASM_DIR;
  for (const name of readdirSync(wasmDir)) {
    if (/^tfjs-backend-wasm[\w-]*\.wasm$/.test(name))
      files.set(`wasm/${name}`, join(wasmDir, name));
  }
  return files;
}

/** The plugin; add it to `plugins` in `vite.config.ts`. */
export function serveModel(options: ServeModelOptions = {}): Plugin {
  const files = publishedFiles(options);
  return {
    name: 'ser-serve-model',
    configureServer(server) {
      const base = server.config.base;
      server.middlewares.use((request, response, next) => {
        const path = new URL(request.url ?? '/', 'http://localhost').pathname;
        const file = path.startsWith(base) ? files.get(path.slice(base.length)) : undefined;
        if (file === undefined) return next();
        response.setHeader(
          'content-type',
          file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream',
        );
        response.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [fileName, file] of files) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
      }
    },
  };
}
