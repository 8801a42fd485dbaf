/**
 * Bench child: the raw read floor. Streams a file through one 1 MiB buffer
 * with fs.readSync (as the capture reader does), optionally hashing it with
 * SHA-256. Prints `{ bytes, sha256 }` as JSON.
 *
 * Usage: node run-read.js FILE [--sha256]
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

const [file, flag] = process.argv.slice(2);
const hash = flag === '--sha256' ? createHash('sha256') : null;
const buf = new Uint8Array(1 << 20);
const fd = openSync(file, 'r');
let bytes = 0;
for (;;) {
  const got = readSync(fd, buf, 0, buf.length, bytes);
  if (got === 0) break;
  hash?.update(buf.subarray(0, got));
  bytes += got;
}
closeSync(fd);
process.stdout.write(`${JSON.stringify({ bytes, sha256: hash ? hash.digest('hex') : null })}\n`);
