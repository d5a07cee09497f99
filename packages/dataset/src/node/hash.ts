import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { DatasetError } from '../errors';

const CHUNK_BYTES = 1 << 20;

/**
 * The lower-case hex SHA-256 of a file's bytes, read in 1 MiB chunks (constant memory).
 *
 * @throws {@link DatasetError} `unreadable-file` naming the file when it cannot be read.
 * @example
 * ```ts
 * await sha256File('Actor_07/03-01-03-01-02-01-07.wav'); // '07d53132…'
 * ```
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      for (;;) {
        const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
      }
    } finally {
      await file.close();
    }
  } catch (error) {
    throw new DatasetError('unreadable-file', `cannot read: ${(error as Error).message}`, path, {
      cause: error,
    });
  }
  return hash.digest('hex');
}

/**
 * The SHA-256 of bytes already in memory, lower-case hex.
 *
 * @example
 * ```ts
 * sha256Bytes(new Uint8Array()); // 'e3b0c442…'
 * ```
 */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
