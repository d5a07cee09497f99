import pkg from '../package.json' with { type: 'json' };

/** The installed version of `@ser/cli`. */
export const version: string = pkg.version;
