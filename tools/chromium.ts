/**
 * Headless Debian Chromium for the browser tests, the browser benchmark and the docs-site check:
 * one binary location, one set of launch flags, one static file server.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Chromium binary: `SER_CHROMIUM`, else Debian's. */
export const CHROMIUM = process.env['SER_CHROMIUM'] ?? '/usr/bin/chromium';
/** Whether {@link CHROMIUM} exists. */
export const hasChromium = existsSync(CHROMIUM);

/** Options of {@link launchChromium}. */
export interface LaunchOptions {
  /** A WAV file the fake microphone plays in a loop (else Chromium's beep). */
  readonly fakeMicrophoneWav?: string;
}

/**
 * Launches headless Chromium with WebGL on the CPU (SwiftShader, there is no GPU) and a fake
 * microphone that needs no permission prompt.
 */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--enable-unsafe-swiftshader',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if (options.fakeMicrophoneWav !== undefined) {
    args.push(`--use-file-for-fake-audio-capture=${options.fakeMicrophoneWav}`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args });
}

/** A running local HTTP server. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly origin: string;
  close(): Promise<void>;
}

/** Answers a request, or returns `false` to fall through to a 404. */
export type RequestHandler = (
  request: IncomingMessage,
  response: ServerResponse,
) => boolean | Promise<boolean>;

/** Serves `handler` on a free loopback port. */
export async function serve(handler: RequestHandler): Promise<LocalServer> {
  const server = createServer((request, response) => {
    Promise.resolve(handler(request, response)).then(
      (handled) => {
        if (!handled) response.writeHead(404).end();
      },
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
};

/** A handler serving the files under `root` (`/` and folders → `index.html`); never outside it. */
export function staticFiles(root: string): RequestHandler {
  return async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return false;
    if (path.endsWith('/')) file = join(file, 'index.html');
    const body = await readFile(file).catch(() => undefined);
    if (body === undefined) return false;
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    });
    response.end(body);
    return true;
  };
}
