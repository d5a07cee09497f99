/**
 * The `ser` program: commander wiring of the commands, exit codes and error reporting.
 */
import { CORPORA, type CorpusName } from '@ser/dataset';
import { useBackend } from '@ser/model';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { demoCommand } from './commands/demo';
import { evaluateCommand } from './commands/evaluate';
import { predictCommand } from './commands/predict';
import { summaryCommand } from './commands/summary';
import { UsageError } from './errors';
import { defaultCacheDir } from './features';
import type { CliIo } from './io';
import { RECIPES } from './recipes';
import { SPLIT_KINDS, type SplitKind } from './split';
import { trainAndEvaluate } from './training';
import { version } from './version';

/**
 * Exit codes of `ser`.
 *
 * @example
 * ```ts
 * if ((await run(argv, io)) === EXIT.usage) console.error('see ser --help');
 * ```
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`must be a positive integer, got "${value}"`);
  }
  return n;
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value))
    throw new InvalidArgumentError(`must be an integer ≥ 0, got "${value}"`);
  return Number(value);
}

function speakerList(value: string): string[] {
  const speakers = value.split(',').map((s) => s.trim());
  if (speakers.some((s) => s === '')) {
    throw new InvalidArgumentError(
      `must be a comma-separated list of speaker codes, got "${value}"`,
    );
  }
  return speakers;
}

const corpusOption = () =>
  new Option('--corpus <name>', 'corpus naming (default: detected from the file names)')
    .choices([...CORPORA])
    .default('auto', 'detected');

const cacheOptions = (command: Command) =>
  command
    .option('--cache <dir>', 'feature cache folder', defaultCacheDir())
    .option('--no-cache', 'compute every feature afresh')
    .option('--workers <n>', 'feature extraction threads (0: none)', nonNegativeInteger);

function cacheDir(options: { cache: string | false }): string | null {
  return options.cache === false ? null : options.cache;
}

function build(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('ser')
    .description('Speech emotion recognition: corpora, training, evaluation and prediction.')
    .version(version, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) });

  program
    .command('summary')
    .description('what a corpus folder holds: integrity problems and class counts')
    .requiredOption('--data <dir>', 'corpus folder')
    .addOption(corpusOption())
    .option('--manifest <file>', 'verify every file against a manifest (path, sha256, size_bytes)')
    .option('--json', 'print one JSON object', false)
    .action(async (o) => setExitCode(await summaryCommand(o, io)));

  cacheOptions(
    program
      .command('train')
      .description('extract features, train, evaluate on the held-out part, write model + report')
      .requiredOption('--data <dir>', 'corpus folder')
      .addOption(corpusOption())
      .addOption(
        new Option('--model <name>', 'model to train')
          .choices(Object.keys(RECIPES))
          .default('statistics-mlp'),
      )
      .addOption(
        new Option('--split <kind>', 'how to hold out the test part')
          .choices([...SPLIT_KINDS])
          .default('speaker'),
      )
      .option('--test-speakers <codes>', 'speakers to hold out, e.g. 13,14,15,16', speakerList)
      .option('--epochs <n>', 'epochs (default: the model’s)', positiveInteger)
      .option('--batch-size <n>', 'batch size (default: the model’s)', positiveInteger)
      .option('--seed <n>', 'seed of split, initialisation and shuffling', nonNegativeInteger, 1)
      .requiredOption('--out <dir>', 'folder for the model bundle and its report')
      .option('--overwrite', 'replace an existing --out folder', false)
      .addOption(
        new Option('--backend <name>', 'TensorFlow.js backend')
          .choices(['fastest', 'wasm', 'cpu'])
          .default('fastest'),
      )
      .option('--json', 'print the held-out metrics as one JSON object', false),
  ).action(async (o) => {
    if (o.testSpeakers !== undefined && o.split !== 'speaker') {
      throw new UsageError('--test-speakers needs --split speaker');
    }
    const backend = await useBackend(o.backend as 'fastest' | 'wasm' | 'cpu');
    const result = await trainAndEvaluate(
      {
        data: o.data,
        corpus: o.corpus as CorpusName | 'auto',
        model: o.model,
        split: o.split as SplitKind,
        ...(o.testSpeakers === undefined ? {} : { testSpeakers: o.testSpeakers }),
        ...(o.epochs === undefined ? {} : { epochs: o.epochs }),
        ...(o.batchSize === undefined ? {} : { batchSize: o.batchSize }),
        seed: o.seed,
        out: o.out,
        cacheDir: cacheDir(o),
        ...(o.workers === undefined ? {} : { workers: o.workers }),
        overwrite: o.overwrite,
      },
      io,
    );
    const { metrics } = result;
    if (o.json) {
      io.stdout(
        `${JSON.stringify({
          out: result.out,
          split: result.split,
          examples: result.examples,
          trainingSeconds: result.trainingSeconds,
          backend,
          n: metrics.count,
          labels: metrics.confusion.labels,
          accuracy: metrics.accuracy,
          uar: metrics.uar,
          macroF1: metrics.macroF1,
          confusion: metrics.confusion.matrix,
        })}\n`,
      );
    } else {
      io.stdout(
        [
          `model and report written to ${result.out}`,
          `split: ${result.split} (${result.examples.train} train, ${result.examples.test} test)`,
          `trained ${result.training.history.epoch.length} epochs in ${result.trainingSeconds.toFixed(1)} s on ${backend}`,
          `held-out accuracy ${metrics.accuracy.toFixed(3)}, UAR ${metrics.uar.toFixed(3)}, macro-F1 ${metrics.macroF1.toFixed(3)}`,
          '',
        ].join('\n'),
      );
    }
    setExitCode(EXIT.ok);
  });

  cacheOptions(
    program
      .command('evaluate')
      .description('accuracy, UAR, macro-F1 and confusion matrix of a model on a corpus folder')
      .requiredOption('--model <dir>', 'model bundle folder')
      .requiredOption('--data <dir>', 'corpus folder')
      .addOption(corpusOption())
      .option('--json', 'print { n, labels, accuracy, uar, macroF1, confusion }', false),
  ).action(async (o) =>
    setExitCode(
      await evaluateCommand(
        {
          model: o.model,
          data: o.data,
          corpus: o.corpus as CorpusName | 'auto',
          json: o.json,
          cacheDir: cacheDir(o),
          ...(o.workers === undefined ? {} : { workers: o.workers }),
        },
        io,
      ),
    ),
  );

  program
    .command('predict')
    .description('the emotion of WAV files')
    .argument('<files...>', 'WAV files')
    .option('--model <dir>', 'model bundle folder (default: the shipped pretrained model)')
    .option('--json', 'one JSON object per line: { file, label, scores }', false)
    .action(async (files: string[], o) =>
      setExitCode(await predictCommand({ model: o.model, files, json: o.json }, io)),
    );

  program
    .command('demo')
    .description('the shipped model on the bundled sample recordings (what `npm start` runs)')
    .option('--json', 'one JSON object per line: { file, label, scores }', false)
    .action(async (o) => setExitCode(await demoCommand({ json: o.json }, io)));

  return program;
}

/**
 * Runs `ser` with `argv` (the arguments after the program name) and returns the exit code: 0 ok,
 * 1 runtime failure, 2 bad usage. Results go to `io.stdout`, progress and errors (naming the file
 * and the problem) to `io.stderr`. Never exits the process.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const code = await run(['predict', '--json', 'a.wav'], { stdout: (t) => out.push(t), stderr: () => {}, interactive: false });
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = build(io, (code) => {
    exitCode = code;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with exit code 0; every other commander error is bad usage.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr(`ser: error: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(`ser: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}
