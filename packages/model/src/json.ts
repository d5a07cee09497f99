/**
 * JSON value types, for the parts of a model bundle that are stored as given.
 */

/**
 * Any JSON value.
 *
 * @example
 * ```ts
 * const value: JsonValue = { nMfcc: 40, deltas: [1, 2] };
 * ```
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/**
 * A JSON object.
 *
 * @example
 * ```ts
 * const features: JsonObject = { kind: 'mfcc', nMfcc: 40, sr: 22050 };
 * ```
 */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** Whether `value` is a plain (non-array) object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
