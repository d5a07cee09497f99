/**
 * What the two kernel build scripts (packages/model/src/kernels/assembly/build.mjs and
 * packages/features/src/assembly/build.mjs) share: compiling an AssemblyScript folder's
 * `index.ts` to WebAssembly with our fixed flags, hashing its sources, and writing the generated
 * module atomically.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Flags every kernel module is built with: optimised, no runtime, imported memory. */
const COMMON_FLAGS = [
  'index.ts',
  '-O3',
  '--runtime',
  'stub',
  '--noAssert',
  '--use',
  'abort=',
  '--importMemory',
  '--noExportMemory',
];

/**
 * The AssemblyScript compiler: `assemblyscript/asc`, or the one at `ascPath`.
 * @param {string | undefined} ascPath
 */
export async function loadCompiler(ascPath) {
  return (await import(ascPath === undefined ? 'assemblyscript/asc' : pathToFileURL(ascPath).href))
    .default;
}

/**
 * Compiles `dir/index.ts` with the common flags plus `flags`; throws with the compiler's output
 * on failure and prints its warnings.
 * @param {{ main: Function }} asc
 * @param {string} dir
 * @param {string[]} flags
 * @param {string} label  names the build in messages
 * @returns {Promise<Uint8Array>}
 */
export async function compileKernels(asc, dir, flags, label) {
  let binary;
  const messages = [];
  const { error } = await asc.main(
    [...COMMON_FLAGS, '--baseDir', dir, ...flags, '--outFile', 'kernels.wasm'],
    {
      writeFile: (file, contents) => {
        if (file.endsWith('.wasm')) binary = contents;
      },
      stdout: { write: (text) => messages.push(String(text)) },
      stderr: { write: (text) => messages.push(String(text)) },
    },
  );
  if (error || binary === undefined) {
    console.error(messages.join(''));
    throw new Error(`assemblyscript failed for ${label}: ${error?.message ?? 'no binary written'}`);
  }
  if (messages.some((m) => /WARNING|ERROR/.test(m))) console.error(messages.join(''));
  console.log(`${label}: ${binary.length} bytes`);
  return binary;
}

/**
 * SHA-256 of every `.ts` file in `dir`, in name order (name, then contents): the same function
 * as in the packages' staleness tests.
 * @param {string} dir
 */
export function sourceHash(dir) {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    hash.update(name);
    hash.update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex');
}

/**
 * Writes `text` to `path` through a temporary file and a rename.
 * @param {string} path
 * @param {string} text
 */
export function writeGenerated(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  console.log(`wrote ${path}`);
}
