/**
 * Headless Chromium serving the runtime bundled for browsers (`page.ts`), a model bundle under
 * `/model/` and tfjs's wasm binaries under `/wasm/`. Shared by the browser test and the
 * browser benchmark.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { launchChromium, serve } from '../../../../tools/chromium';
import type { SerTestPage } from './page';

export { CHROMIUM, hasChromium } from '../../../../tools/chromium';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..', '..');
const wasmDir = join(repo, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');

/** An open page with `window.serTest`, and how to shut everything down. */
export interface RuntimePage {
  /** Calls `serTest[method](...args)` inside Chromium (arguments and result must be JSON-like). */
  call<K extends keyof SerTestPage>(
    method: K,
    ...args: Parameters<SerTestPage[K]>
  ): Promise<Awaited<ReturnType<SerTestPage[K]>>>;
  close(): Promise<void>;
}

/** Bundles the page, serves it with `files` as the model, and opens it in headless Chromium. */
export async function openRuntimePage(
  files: ReadonlyMap<string, Uint8Array>,
): Promise<RuntimePage> {
  const bundled = await build({
    entryPoints: [join(here, 'page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
    alias: {
      '@ser/features': join(repo, 'packages', 'features', 'src', 'index.ts'),
      '@ser/model': join(repo, 'packages', 'model', 'src', 'index.ts'),
    },
  });
  const script = bundled.outputFiles[0]!.contents;
  const server = await serve((request, response) => {
    const url = request.url ?? '/';
    const send = (type: string, body: Uint8Array | string) => {
      response.writeHead(200, { 'content-type': type });
      response.end(body);
      return true;
    };
    if (url === '/') {
      return send('text/html', '<!doctype html><script type="module" src="/page.js"></script>');
    }
    if (url === '/page.js') return send('text/javascript', script);
    const modelFile = url.startsWith('/model/') ? files.get(url.slice(7)) : undefined;
    if (modelFile) return send('application/octet-stream', modelFile);
    const wasmName = url.startsWith('/wasm/') ? url.slice(6) : '';
    if (/^[\w.-]+\.wasm$/.test(wasmName) && existsSync(join(wasmDir, wasmName))) {
      return send('application/wasm', readFileSync(join(wasmDir, wasmName)));
    }
    return false;
  });
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await server.close();
  };
  let page: Page;
  try {
    page = await browser.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => 'serTest' in globalThis);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    call: (method, ...args) =>
      page.evaluate(
        ([name, values]) => {
          const api = (
            globalThis as unknown as { serTest: Record<string, (...a: unknown[]) => unknown> }
          ).serTest;
          return api[name]!(...values);
        },
        [method, args] as [string, unknown[]],
      ) as never,
    close,
  };
}
