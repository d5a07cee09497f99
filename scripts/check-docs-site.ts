/**
 * Opens every page of the built docs site (`docs/site`, from `npm run docs`) in headless
 * Chromium and fails unless each one renders: HTTP 200, no script error or console error, no
 * failed request, TypeDoc's script has shown the page and filled the navigation, a non-empty
 * title and content, and every link to another page or anchor of the site resolves.
 *
 * Usage: `npm run check:docs` (after `npm run docs`), or `tsx scripts/check-docs-site.ts SITE_DIR`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM, hasChromium, launchChromium, serve, staticFiles } from '../tools/chromium';
import { repoRoot } from '../tools/data';

const siteDir = resolve(process.argv[2] ?? join(repoRoot, 'docs', 'site'));
const PARALLEL_PAGES = 4;
/** How long TypeDoc's script may take to show a page, first try and retry. */
const RENDER_TIMEOUT_MS = 15_000;
const RETRY_RENDER_TIMEOUT_MS = 60_000;
const NEVER_RENDERED = 'never rendered';

/** What one page showed. */
interface PageReport {
  readonly problems: string[];
  /** Same-site links on the page, absolute, with their `#fragment` if any. */
  readonly links: string[];
  /** The ids of the page's elements (anchor targets). */
  readonly ids: Set<string>;
}

/** A browser tab reused from page to page (a new tab per page costs a renderer process). */
interface Inspector {
  inspect(url: string, renderTimeoutMs?: number): Promise<PageReport>;
}

async function openInspector(browser: Browser, origin: string): Promise<Inspector> {
  const page = await browser.newPage();
  let problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    // Browsers ask every site for /favicon.ico; TypeDoc does not make one.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    async inspect(url, renderTimeoutMs = RENDER_TIMEOUT_MS) {
      problems = [];
      const response = await page.goto(url, { waitUntil: 'load' }).catch((error: unknown) => {
        // The page itself failed (a 404 also shows up as a failed request: report it once).
        problems = [
          `cannot open: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
        ];
        return null;
      });
      if (response === null) return { problems, links: [], ids: new Set<string>() };
      if (response?.status() !== 200) problems.push(`HTTP ${response?.status() ?? 'no response'}`);
      // TypeDoc hides the body until its script has laid the page out, then fills the navigation.
      await page
        .waitForFunction(
          () =>
            document.body.style.display !== 'none' &&
            document.querySelectorAll('#tsd-nav-container a').length > 0,
          null,
          { timeout: renderTimeoutMs },
        )
        .catch(() =>
          problems.push(
            `${NEVER_RENDERED}: body still hidden or navigation empty after ${renderTimeoutMs / 1000} s`,
          ),
        );
      const seen = await page.evaluate(() => ({
        title: document.title,
        heading: document.querySelector('.col-content h1, .col-content h2')?.textContent ?? '',
        contentChars: document.querySelector('.col-content')?.textContent?.trim().length ?? 0,
        links: [...document.querySelectorAll<HTMLAnchorElement>('a[href]')].map((a) => a.href),
        ids: [...document.querySelectorAll('[id]')].map((element) => element.id),
      }));
      if (seen.title.trim() === '') problems.push('empty <title>');
      if (seen.heading.trim() === '') problems.push('no heading in the content column');
      if (seen.contentChars < 20) {
        problems.push(`content column nearly empty (${seen.contentChars} chars)`);
      }
      return {
        problems,
        links: seen.links.filter((link) => link.startsWith(`${origin}/`)),
        ids: new Set(seen.ids),
      };
    },
  };
}

async function main(): Promise<number> {
  if (!existsSync(join(siteDir, 'index.html'))) {
    console.error(`${siteDir}/index.html does not exist: run \`npm run docs\` first`);
    return 1;
  }
  if (!hasChromium) {
    console.error(
      `${CHROMIUM} is not installed: apt-get install -y chromium (or set SER_CHROMIUM)`,
    );
    return 1;
  }
  const server = await serve(staticFiles(siteDir));
  const browser = await launchChromium();
  const reports = new Map<string, PageReport>();
  const queue = [`${server.origin}/index.html`];
  const queued = new Set(queue);
  try {
    const inspectors = await Promise.all(
      Array.from({ length: PARALLEL_PAGES }, () => openInspector(browser, server.origin)),
    );
    let open = 0;
    // Each tab takes the next queued page; a finished page may queue more, so an idle tab
    // waits until every tab is idle and the queue is empty.
    await Promise.all(
      inspectors.map(async (inspector) => {
        for (;;) {
          const url = queue.shift();
          if (url === undefined) {
            if (open === 0) return;
            await new Promise((resolve) => setTimeout(resolve, 20));
            continue;
          }
          open += 1;
          const report = await inspector.inspect(url);
          reports.set(url, report);
          if (reports.size % 100 === 0) console.log(`… ${reports.size} pages opened`);
          for (const link of report.links) {
            const target = link.split('#')[0]!;
            if (!queued.has(target) && target.endsWith('.html')) {
              queued.add(target);
              queue.push(target);
            }
          }
          open -= 1;
        }
      }),
    );
    // On a loaded 2-core machine a page in one of several busy tabs can take longer than the
    // first timeout; such a page is opened again alone, with a longer one. A page that still
    // does not render is a failure.
    const slow = [...reports].filter(([, report]) =>
      report.problems.some((problem) => problem.startsWith(NEVER_RENDERED)),
    );
    for (const [url] of slow) {
      console.log(`… ${url.slice(server.origin.length)} was slow to render: opening it again`);
      reports.set(url, await inspectors[0]!.inspect(url, RETRY_RENDER_TIMEOUT_MS));
    }
  } finally {
    await browser.close();
    await server.close();
  }

  let failures = 0;
  for (const [url, report] of reports) {
    for (const link of report.links) {
      const [target = '', fragment] = link.split('#');
      const targetReport = reports.get(target);
      if (targetReport === undefined && target.endsWith('.html'))
        report.problems.push(`broken link: ${link}`);
      else if (fragment && targetReport && !targetReport.ids.has(decodeURIComponent(fragment))) {
        report.problems.push(`missing anchor: ${link}`);
      }
    }
    for (const problem of new Set(report.problems)) {
      failures += 1;
      console.error(`${url.slice(server.origin.length)}: ${problem}`);
    }
  }
  console.log(`docs site: ${reports.size} pages opened in ${CHROMIUM}, ${failures} problems`);
  return failures === 0 && reports.size > 1 ? 0 : 1;
}

process.exitCode = await main();
