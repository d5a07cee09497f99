/**
 * The app as a user meets it: built by Vite (against the packages' source), served statically,
 * opened in headless Debian Chromium whose fake microphone plays a bundled speech recording.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  hasChromium,
  type LocalServer,
  launchChromium,
  serve,
  staticFiles,
} from '../../../tools/chromium';
import { sourceAliases } from '../../../vitest.workspace';
import { serveModel } from '../serve-model';

const root = fileURLToPath(new URL('..', import.meta.url));
const speech = fileURLToPath(
  new URL('../../../packages/cli/samples/kids-talking.wav', import.meta.url),
);

describe.runIf(hasChromium)(`browser-mic in headless Chromium (${CHROMIUM})`, () => {
  let outDir: string;
  let server: LocalServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'ser-browser-mic-'));
    await build({
      root,
      configFile: false,
      base: './',
      logLevel: 'error',
      plugins: [serveModel()],
      resolve: { alias: sourceAliases },
      build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
    });
    server = await serve(staticFiles(outDir));
    browser = await launchChromium({ fakeMicrophoneWav: speech });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.origin}/`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
  });

  it('loads the shipped model and says which backend it runs on', async () => {
    await page.waitForFunction(
      () => document.querySelector('#status')?.textContent?.startsWith('Model ready'),
      null,
      {
        timeout: 60_000,
      },
    );
    const status = await page.textContent('#status');
    expect(status).toMatch(
      /^Model ready: 8 emotions on the (webgpu|webgl|ser-simd|wasm|cpu) backend/,
    );
    expect(await page.locator('#scores tbody tr').count()).toBe(8);
    expect(await page.isEnabled('#toggle')).toBe(true);
  });

  it('shows live predictions with class probabilities from the microphone', async () => {
    await page.click('#toggle');
    await page.waitForFunction(
      () => document.querySelector('#status')?.textContent?.startsWith('Listening'),
      null,
      {
        timeout: 30_000,
      },
    );
    // The first window completes after 3 s of audio; the fake microphone loops the recording.
    await page.waitForFunction(
      () => document.querySelectorAll('#scores tbody tr.top').length === 1,
      null,
      { timeout: 60_000 },
    );
    const shown = await page.evaluate(() => ({
      label: document.querySelector('#label')?.textContent ?? '',
      window: document.querySelector('#window')?.textContent ?? '',
      top: (document.querySelector('#scores tbody tr.top') as HTMLElement | null)?.dataset[
        'emotion'
      ],
      rows: [...document.querySelectorAll<HTMLTableRowElement>('#scores tbody tr')].map((row) => ({
        emotion: row.dataset['emotion'] ?? '',
        percent: Number.parseFloat(row.cells[2]?.textContent ?? 'NaN'),
        width: Number.parseFloat(
          (row.cells[1]?.firstElementChild as HTMLElement | null)?.style.width ?? 'NaN',
        ),
      })),
    }));
    expect(shown.label).toBe(shown.top);
    expect(shown.window).toMatch(/^\(\d+\.\d–\d+\.\d s\)$/);
    const best = shown.rows.reduce((a, b) => (b.width > a.width ? b : a));
    expect(best.emotion).toBe(shown.label);
    for (const row of shown.rows) {
      expect(row.percent).toBeGreaterThanOrEqual(0);
      expect(row.percent).toBeLessThanOrEqual(100);
    }
    // Rounded percentages of a probability distribution add up to about 100.
    const total = shown.rows.reduce((sum, row) => sum + row.percent, 0);
    expect(Math.abs(total - 100)).toBeLessThanOrEqual(shown.rows.length / 2);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('stops the microphone', async () => {
    await page.click('#toggle');
    await page.waitForFunction(
      () => document.querySelector('#status')?.textContent === 'Stopped.',
      null,
      {
        timeout: 30_000,
      },
    );
    expect(await page.textContent('#toggle')).toBe('Start microphone');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

describe.skipIf(hasChromium)(`browser-mic: skipped, ${CHROMIUM} is not installed`, () => {
  it.skip('install it with `apt-get install -y chromium` (or set SER_CHROMIUM)', () => {});
});
