import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';

/** An env file, a CA bundle, a secret file: text files of a few KiB. Anything larger is not what was meant. */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024;

export type BoundedRead = { ok: true; text: string } | { ok: false; code: string; why: string };

/**
 * Reads a regular file of at most `maxBytes`. A FIFO would block forever and a device (/dev/zero, /dev/urandom) would
 * be read until memory runs out: both are refused before a byte is read (opened non-blocking, checked with fstat on
 * the same descriptor, so a path swapped in between is not followed).
 */
export function readBoundedFile(path: string, maxBytes = MAX_INPUT_FILE_BYTES): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? 'error');
    return { ok: false, code, why: describeOpenError(code) };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, code: 'EISDIR', why: 'is a directory, not a file' };
    if (!stat.isFile()) {
      const kind = stat.isFIFO()
        ? 'a named pipe (FIFO)'
        : stat.isCharacterDevice() || stat.isBlockDevice()
          ? 'a device'
          : stat.isSocket()
            ? 'a socket'
            : 'not a regular file';
      return {
        ok: false,
        code: 'ENOTREG',
        why: `is ${kind}, not a regular file: refused (it could block or never end)`,
      };
    }
    if (stat.size > maxBytes)
      return { ok: false, code: 'EFBIG', why: `is ${stat.size} bytes, over the ${maxBytes}-byte limit` };
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) return { ok: false, code: 'EFBIG', why: `is over the ${maxBytes}-byte limit` };
      if (length === buffer.length) break;
    }
    return { ok: true, text: buffer.subarray(0, length).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

function describeOpenError(code: string): string {
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return `cannot be read (${code})`;
}
