/**
 * The one list of test projects. Vitest 4 no longer reads this file by itself, so the root
 * `vitest.config.ts` imports it; add a package here and nowhere else.
 */
import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Packages whose tests run against their TypeScript source. */
export const packages = ['features', 'dataset', 'model', 'runtime', 'cli'] as const;

/** Maps every `@ser/*` import (and its `./node` subpath) to source, so no build is needed. */
export const sourceAliases = packages.flatMap((name) => [
  { find: `@ser/${name}/node`, replacement: `${root}packages/${name}/src/node/index.ts` },
  { find: new RegExp(`^@ser/${name}$`), replacement: `${root}packages/${name}/src/index.ts` },
]);

/** Examples with tests of their own (they too run against the packages' source). */
export const examples = ['browser-mic'] as const;

const projects: TestProjectInlineConfiguration[] = [
  ...packages.map((name) => ({
    resolve: { alias: sourceAliases },
    test: {
      name,
      root: `${root}packages/${name}`,
      include: ['test/**/*.test.ts'],
      typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
      testTimeout: 60_000,
    },
  })),
  ...examples.map((name) => ({
    resolve: { alias: sourceAliases },
    test: {
      name: `example-${name}`,
      root: `${root}examples/${name}`,
      include: ['test/**/*.test.ts'],
      testTimeout: 60_000,
    },
  })),
];

export default projects;
