#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages (turbo, rollup and
// Biome binaries for other operating systems and CPUs) when the registry this lock was made
// against does not serve them. npm then drops their entries, and `npm ci` refuses the lock as
// "not in sync" on every machine. Each missing entry is added with the os/cpu/libc its name
// encodes, so npm skips it on other platforms exactly as it would with a full entry; only the
// integrity hash is absent (npm fetches such a package without comparing it to a recorded hash).
// Runs after every `npm install` (root `postinstall`) and is idempotent.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const lockPath = fileURLToPath(new URL('../package-lock.json', import.meta.url));
const OS = {
  darwin: 'darwin',
  win32: 'win32',
  windows: 'win32',
  linux: 'linux',
  android: 'android',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  openharmony: 'openharmony',
  netbsd: 'netbsd',
  sunos: 'sunos',
  aix: 'aix',
};
const CPU = {
  x64: 'x64',
  64: 'x64',
  arm64: 'arm64',
  ia32: 'ia32',
  arm: 'arm',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
};

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.map((p) => OS[p]).find(Boolean);
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  const libc = parts.some((p) => p.startsWith('musl'))
    ? 'musl'
    : parts.some((p) => p.startsWith('gnu'))
      ? 'glibc'
      : undefined;
  return { os, cpu, libc };
}

let lock;
try {
  lock = JSON.parse(readFileSync(lockPath, 'utf8'));
} catch {
  process.exit(0); // no lock yet: nothing to complete
}
const entries = lock.packages ?? {};
let added = 0;
for (const [key, entry] of Object.entries(entries)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = key === '' ? `node_modules/${dep}` : `${key}/node_modules/${dep}`;
    if (nested in entries || `node_modules/${dep}` in entries) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (os === undefined || cpu === undefined) continue; // not a platform binary: leave it to npm
    entries[`node_modules/${dep}`] = {
      version,
      ...(libc !== undefined ? { libc: [libc] } : {}),
      cpu: [cpu],
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
    };
    added++;
  }
}
if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(entries).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  writeFileSync(`${lockPath}.tmp`, `${JSON.stringify(lock, null, 2)}\n`);
  renameSync(`${lockPath}.tmp`, lockPath);
  console.log(`lockfile-platforms: recorded ${added} platform-specific optional packages`);
}
