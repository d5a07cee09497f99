#!/usr/bin/env node
// Package hygiene for every publishable package: publint, `attw --pack`, and a check that
// `npm pack --dry-run` ships only what the package's `files` intends (dist, README, LICENSE, ...).
// Needs `npm run build` first. Exits non-zero on the first kind of failure, after checking all.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const allowed = [
  /^dist\//,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^package\.json$/,
  /^samples\//,
  /^models\//,
];
const bin = (name) => join(root, 'node_modules', '.bin', name);
let failed = false;

for (const dir of readdirSync(join(root, 'packages'))) {
  const cwd = join(root, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  const step = (label, fn) => {
    try {
      fn();
      console.log(`ok   ${pkg.name}: ${label}`);
    } catch (error) {
      failed = true;
      console.error(
        `FAIL ${pkg.name}: ${label}\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout || error.stderr ? '' : error.message}`,
      );
    }
  };
  step('publint', () =>
    execFileSync(bin('publint'), ['--strict'], { cwd, stdio: 'pipe', encoding: 'utf8' }),
  );
  step('attw --pack', () =>
    execFileSync(bin('attw'), ['--pack', '.', '--format', 'table-flipped'], {
      cwd,
      stdio: 'pipe',
      encoding: 'utf8',
    }),
  );
  step('npm pack ships only intended files', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd,
      stdio: 'pipe',
      encoding: 'utf8',
    });
    const files = JSON.parse(out)[0].files.map((f) => f.path);
    const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
    if (unexpected.length > 0)
      throw new Error(`unexpected files in the package: ${unexpected.join(', ')}`);
    if (!files.some((f) => f.startsWith('dist/')))
      throw new Error('no dist/ files in the package: run the build first');
  });
}
process.exit(failed ? 1 : 0);
