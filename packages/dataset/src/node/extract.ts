import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { type FeatureConfig, type FeatureTensor, featureConfigKey } from '@ser/features';
import { DatasetError } from '../errors';
import { prepareFeatureCache } from './cache';
import { type FileOutcome, replyTo, type WorkerReply, type WorkerSetup } from './extract-file';

/**
 * The features of one file, handed to {@link ExtractOptions.onResult} as soon as they are ready.
 *
 * @example
 * ```ts
 * const onResult = ({ index, features }: ExtractedFile) => rows.set(index, features);
 * ```
 */
export interface ExtractedFile {
  /** Position of the file in the list given to {@link extractFeatures}. */
  readonly index: number;
  readonly path: string;
  /** SHA-256 of the file's bytes (the cache key, with the configuration). */
  readonly contentHash: string;
  /** Read from the cache rather than computed. */
  readonly cached: boolean;
  /** The features, `data` row-major in `shape` (`[40, 1]` for the seed's mean MFCCs). */
  readonly features: FeatureTensor;
}

/**
 * A file without features: it could not be read or decoded. Never dropped silently: every one is
 * in {@link ExtractionReport.failed}.
 *
 * @example
 * ```ts
 * for (const { path, code, message } of report.failed) console.warn(code, message);
 * ```
 */
export interface FailedFile {
  readonly index: number;
  readonly path: string;
  /** `unreadable-file`, an `AudioFormatError` problem (`not-riff`, `truncated`, …) or `bad-parameter`. */
  readonly code: string;
  readonly message: string;
}

/**
 * How far a run is, after each file.
 *
 * @example
 * ```ts
 * const onProgress = (p: ExtractProgress) => process.stderr.write(`\r${p.done}/${p.total}`);
 * ```
 */
export interface ExtractProgress {
  readonly done: number;
  readonly total: number;
  readonly computed: number;
  readonly cached: number;
  readonly failed: number;
  /** The file just finished. */
  readonly path: string;
}

/**
 * Options of {@link extractFeatures}.
 *
 * @example
 * ```ts
 * const options: ExtractOptions = { config: seedFeatureConfig, cacheDir: '.ser-cache', workers: 4 };
 * ```
 */
export interface ExtractOptions {
  /** The feature configuration (from `@ser/features`, e.g. `seedFeatureConfig`). */
  readonly config: FeatureConfig;
  /**
   * Folder of the on-disk cache: entries are keyed by file content (SHA-256) and configuration
   * (`featureConfigKey`), written atomically one per file, so a second run reads them, a changed
   * setting recomputes, and an interrupted run resumes. Default: no cache.
   */
  readonly cacheDir?: string;
  /** Worker threads; default `availableParallelism()`; `0` extracts in the calling thread. */
  readonly workers?: number;
  /**
   * Receives each file's features as soon as they are ready (in completion order; one call at a
   * time: the next waits for a returned promise). Nothing else keeps them, so memory stays bounded.
   */
  readonly onResult?: (result: ExtractedFile) => void | Promise<void>;
  /** Called after each file. */
  readonly onProgress?: (progress: ExtractProgress) => void;
  /** Stops the run (rejecting with the signal's reason); cache entries written so far stay. */
  readonly signal?: AbortSignal;
  /** Memory limits of each worker thread (Node's `resourceLimits`). */
  readonly workerResourceLimits?: ResourceLimits;
}

/**
 * What a run did.
 *
 * @example
 * ```ts
 * const report: ExtractionReport = await extractFeatures(paths, { config });
 * console.log(report.computed, report.cached, report.failed.length);
 * ```
 */
export interface ExtractionReport {
  readonly total: number;
  readonly computed: number;
  readonly cached: number;
  /** Files without features, with their error, in input order. */
  readonly failed: readonly FailedFile[];
  /** Worker threads used (0: the calling thread). */
  readonly workers: number;
  /** The configuration key the cache is keyed by. */
  readonly configKey: string;
  /** The cache folder of this configuration, when caching. */
  readonly cacheFolder: string | undefined;
  readonly seconds: number;
}

type Reply = (reply: WorkerReply) => Promise<void>;

/** The worker entry beside this module: `worker.ts` from source, `worker.js`/`.cjs` when built. */
function workerEntry(): { url: URL; fromSource: boolean } {
  const here =
    typeof __filename === 'string' ? pathToFileURL(__filename) : new URL(import.meta.url);
  const extension = here.pathname.slice(here.pathname.lastIndexOf('.'));
  return { url: new URL(`./worker${extension}`, here), fromSource: extension === '.ts' };
}

/**
 * The ES-module entry of tsx's `tsx/esm/api` (read from tsx's export map: `require.resolve`
 * would pick its CommonJS build, which cannot register hooks in a worker).
 */
function tsxApi(from: URL): string {
  const manifestPath = createRequire(from).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports?: Record<string, { import?: string | { default?: string } }>;
  };
  const target = manifest.exports?.['./esm/api']?.import;
  const file = typeof target === 'string' ? target : target?.default;
  if (file === undefined) throw new Error(`${manifestPath} has no ESM export "./esm/api"`);
  return pathToFileURL(join(dirname(manifestPath), file)).href;
}

/**
 * Starts one worker. From TypeScript source (tests, `npx tsx` scripts) the worker first
 * registers tsx's loader with this package's tsconfig, whose paths map `@ser/*` to source.
 */
function startWorker(setup: WorkerSetup, resourceLimits: ResourceLimits | undefined): Worker {
  const { url, fromSource } = workerEntry();
  const options = {
    workerData: setup,
    ...(resourceLimits === undefined ? {} : { resourceLimits }),
  };
  if (!fromSource) return new Worker(url, options);
  let api: string;
  try {
    api = tsxApi(url);
  } catch (error) {
    throw new DatasetError(
      'worker-failed',
      `running @ser/dataset from TypeScript source needs the tsx package to start workers (or use workers: 0): ${(error as Error).message}`,
      fileURLToPath(url),
      { cause: error },
    );
  }
  const tsconfig = fileURLToPath(new URL('../../tsconfig.json', url));
  const register = existsSync(tsconfig) ? `{ tsconfig: ${JSON.stringify(tsconfig)} }` : '';
  const code = `import(${JSON.stringify(api)}).then(({ register }) => { register(${register}); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}

function aborted(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('extraction aborted', 'AbortError');
}

async function runInThisThread(
  paths: readonly string[],
  setup: WorkerSetup,
  reply: Reply,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const [index, path] of paths.entries()) {
    if (signal?.aborted) throw aborted(signal);
    await reply(await replyTo({ index, path }, setup));
  }
}

function runInWorkers(
  paths: readonly string[],
  count: number,
  setup: WorkerSetup,
  reply: Reply,
  options: Pick<ExtractOptions, 'signal' | 'workerResourceLimits'>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let inFlight = 0;
    let settled = false;
    let replies = Promise.resolve();
    const { signal } = options;
    const onAbort = () => finish(aborted(signal!));
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void Promise.all(workers.map((worker) => worker.terminate())).finally(() =>
        error === undefined ? resolve() : reject(error),
      );
    };
    const dispatch = (worker: Worker, current: { index: number | undefined; replied: boolean }) => {
      if (settled) return;
      if (next >= paths.length) {
        if (inFlight === 0) finish();
        return;
      }
      current.index = next++;
      inFlight++;
      worker.postMessage({ index: current.index, path: paths[current.index] });
    };
    if (signal?.aborted) return finish(aborted(signal));
    signal?.addEventListener('abort', onAbort, { once: true });
    for (let id = 0; id < count; id++) {
      const current: { index: number | undefined; replied: boolean } = {
        index: undefined,
        replied: false,
      };
      const died = (what: string) => {
        const path = current.index === undefined ? undefined : paths[current.index];
        const during =
          path !== undefined
            ? `while extracting ${path}`
            : current.replied
              ? 'between files'
              : 'while starting';
        finish(
          new DatasetError(
            'worker-failed',
            `feature worker ${id + 1} of ${count} ${what} ${during}`,
            path,
          ),
        );
      };
      let worker: Worker;
      try {
        worker = startWorker(setup, options.workerResourceLimits);
      } catch (error) {
        finish(error);
        return;
      }
      workers.push(worker);
      worker.on('message', (message: WorkerReply) => {
        current.index = undefined;
        current.replied = true;
        replies = replies.then(() => (settled ? undefined : reply(message)));
        replies.then(() => {
          inFlight--;
          dispatch(worker, current);
        }, finish);
      });
      worker.on('error', (error) => died(`failed (${error.message})`));
      worker.on('messageerror', (error) => died(`sent an unreadable message (${error.message})`));
      worker.on('exit', (code) => died(`exited with code ${code}`));
      dispatch(worker, current);
    }
  });
}

/**
 * Extracts features from many audio files, in parallel worker threads, with an on-disk cache.
 * Each file is read once (its SHA-256 is the cache key, with `featureConfigKey(config)`); cached
 * features are read back, others computed and cached atomically, so a second run is fast, a
 * changed setting recomputes, and an interrupted run picks up where it stopped. Features go to
 * `onResult` as they come; files that cannot be read or decoded are listed in `failed` with
 * their error. A worker that dies fails the run with a `worker-failed` error naming the file.
 *
 * @throws {@link DatasetError} `worker-failed` (a worker died or could not start), `cache-error`
 * (the cache folder cannot be used), `bad-options`; the signal's reason when aborted.
 * @example
 * ```ts
 * const corpus = await loadCorpus('/data/ravdess-24k');
 * const rows = new Map<number, FeatureTensor>();
 * const report = await extractFeatures(corpus.utterances, {
 *   config: seedFeatureConfig,
 *   cacheDir: '.ser-cache',
 *   onResult: ({ index, features }) => void rows.set(index, features),
 *   onProgress: ({ done, total }) => process.stderr.write(`\r${done}/${total}`),
 * });
 * console.log(report.computed, report.cached, report.failed);
 * ```
 */
export async function extractFeatures(
  files: readonly (string | { readonly path: string })[],
  options: ExtractOptions,
): Promise<ExtractionReport> {
  const started = performance.now();
  const paths = files.map((file) => (typeof file === 'string' ? file : file.path));
  const requested = options.workers ?? availableParallelism();
  if (!(Number.isInteger(requested) && requested >= 0)) {
    throw new DatasetError('bad-options', `workers must be an integer ≥ 0, got ${requested}`);
  }
  const configKey = featureConfigKey(options.config);
  const cacheFolder =
    options.cacheDir === undefined
      ? undefined
      : await prepareFeatureCache(options.cacheDir, configKey);
  const setup: WorkerSetup = { config: options.config, cacheFolder };
  const failed: FailedFile[] = [];
  let computed = 0;
  let cached = 0;
  const reply: Reply = async (message) => {
    const path = paths[message.index]!;
    if (message.kind === 'fatal') {
      throw new DatasetError(
        message.code === 'cache-error' ? 'cache-error' : 'worker-failed',
        message.message,
      );
    }
    const outcome: FileOutcome = message.outcome;
    if (outcome.kind === 'failed')
      failed.push({ index: message.index, path, code: outcome.code, message: outcome.message });
    else {
      if (outcome.cached) cached++;
      else computed++;
      await options.onResult?.({ index: message.index, path, ...outcome });
    }
    options.onProgress?.({
      done: computed + cached + failed.length,
      total: paths.length,
      computed,
      cached,
      failed: failed.length,
      path,
    });
  };
  const workers = Math.min(requested, paths.length);
  if (workers === 0) await runInThisThread(paths, setup, reply, options.signal);
  else await runInWorkers(paths, workers, setup, reply, options);
  return {
    total: paths.length,
    computed,
    cached,
    failed: failed.sort((a, b) => a.index - b.index),
    workers,
    configKey,
    cacheFolder,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * {@link extractFeatures} that keeps the results: every item that has features, with them, in
 * input order (failed items are left out and listed in `report.failed`). Holds all features in
 * memory: fine for per-file vectors such as the seed's `[40, 1]`; for long sequences over large
 * corpora, consume them with `extractFeatures`' `onResult` instead.
 *
 * @throws as {@link extractFeatures}.
 * @example
 * ```ts
 * const { rows, report } = await collectFeatures(corpus.utterances, { config: seedFeatureConfig, cacheDir: '.ser-cache' });
 * const labels = rows.map(({ item }) => item.emotion);
 * const inputs = rows.map(({ features }) => features.data); // Float32Array(40) each
 * ```
 */
export async function collectFeatures<T extends string | { readonly path: string }>(
  items: readonly T[],
  options: Omit<ExtractOptions, 'onResult'>,
): Promise<{ rows: { item: T; features: FeatureTensor }[]; report: ExtractionReport }> {
  const features = new Array<FeatureTensor | undefined>(items.length);
  const report = await extractFeatures(items, {
    ...options,
    onResult: (result) => {
      features[result.index] = result.features;
    },
  });
  const rows = items.flatMap((item, index) => {
    const found = features[index];
    return found === undefined ? [] : [{ item, features: found }];
  });
  return { rows, report };
}
