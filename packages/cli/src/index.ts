/**
 * @ser/cli: the `ser` command line — corpus summaries, training with reports, evaluation and
 * prediction — and `run()`, to call it from code and tests.
 *
 * @packageDocumentation
 */
export { CliError, UsageError } from './errors';
export { type CliIo, processIo } from './io';
export { EXIT, run } from './program';
export { getRecipe, RECIPES, type Recipe } from './recipes';
export { version } from './version';
