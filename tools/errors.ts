/**
 * Test helper: the error of type `type` that `run` throws, so a test can assert on its fields.
 * Fails when `run` returns normally; an error of another type is rethrown as it is.
 */
export function thrownBy<E extends Error>(
  type: abstract new (...args: never[]) => E,
  run: () => unknown,
): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}
