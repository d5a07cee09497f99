/**
 * Runs the benchmark scripts of one package (`packages/<pkg>/bench/*.ts`) one after another and
 * stores each one's result in `bench/results/<pkg>.<script>.json` with the machine, the date and
 * the command that reproduces it. `scripts/bench-report.ts` then merges them into
 * `bench/results.json` and `BENCHMARKS.md`.
 *
 * A bench script prints one JSON object on its last stdout line:
 * `{ "name": string, "title"?: string, "notes"?: string, "figures": Record<string, number | string> }`.
 *
 * Usage: `tsx scripts/bench.ts <package> [script-name-filter]`
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join, relative } from 'node:path';
import { repoRoot } from '../tools/data';

const [pkg, filter] = process.argv.slice(2);
if (pkg === undefined) {
  console.error('usage: tsx scripts/bench.ts <package> [script-name-filter]');
  process.exit(2);
}
const benchDir = join(repoRoot, 'packages', pkg, 'bench');
const scripts = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && (filter === undefined || f.includes(filter)))
  .sort();
const outDir = join(repoRoot, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}-${process.arch}`;

let failed = false;
for (const script of scripts) {
  const path = join(benchDir, script);
  const command = `npx tsx ${relative(repoRoot, path)}`;
  console.log(`bench: ${command}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  const lastLine = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0) {
    console.error(`bench ${script} failed with exit code ${run.status}`);
    failed = true;
    continue;
  }
  let result: unknown;
  try {
    result = JSON.parse(lastLine);
  } catch {
    console.error(`bench ${script} did not print a JSON result on its last line`);
    failed = true;
    continue;
  }
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  const record = {
    package: pkg,
    script,
    command,
    machine: `${machine}; load average (1/5/15 min) after the run: ${load}`,
    date: new Date().toISOString(),
    result,
  };
  const file = join(outDir, `${pkg}.${basename(script, '.ts')}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  console.log(JSON.stringify(result));
}
process.exit(failed ? 1 : 0);
