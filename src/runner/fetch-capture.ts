/**
 * Remote captures (`capture: { url, sha256 }`): downloaded once with undici,
 * streamed to a temporary file while hashed, and moved into a cache keyed by
 * sha256 only when the digest matches. A cached file is hashed again before
 * each use. Nothing is analysed before its digest matches.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Agent } from 'undici';
import { ErrorCodes, LeakspecError } from '../errors.js';
import { checkCaptureUrl, redactUrl } from './remote-url.js';

/** Download settings; `fetchOptionsFromEnv` gives the documented defaults. */
export interface FetchOptions {
  /** Where verified captures are kept, named by their sha256. */
  cacheDir: string;
  /** Size cap of one capture in bytes. */
  maxBytes: number;
  /** Time allowed until the response headers arrive. */
  headersTimeoutMs: number;
  /** Longest silence allowed while the body streams. */
  bodyTimeoutMs: number;
  /** Attempts in all (network errors and 5xx are retried). */
  tries: number;
  /** First delay between attempts; doubles each time. */
  retryDelayMs: number;
  maxRedirects: number;
  /** Extra trusted certificates (PEM), as for a private artifact store. */
  ca?: string;
}

const GiB = 1024 ** 3;

function envInt(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new LeakspecError(ErrorCodes.USAGE, `${name} must be a whole number, not '${v}'`);
  return n;
}

/** The cache folder: $LEAKSPEC_CACHE, else $XDG_CACHE_HOME/leakspec/captures, else ~/.cache/leakspec/captures. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LEAKSPEC_CACHE) return env.LEAKSPEC_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'leakspec', 'captures');
}

/** Defaults, changed by LEAKSPEC_CACHE, LEAKSPEC_MAX_CAPTURE_BYTES, LEAKSPEC_HEADERS_TIMEOUT_MS, LEAKSPEC_BODY_TIMEOUT_MS, LEAKSPEC_RETRY_DELAY_MS. */
export function fetchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): FetchOptions {
  return {
    cacheDir: defaultCacheDir(env),
    maxBytes: envInt(env, 'LEAKSPEC_MAX_CAPTURE_BYTES', 2 * GiB),
    headersTimeoutMs: envInt(env, 'LEAKSPEC_HEADERS_TIMEOUT_MS', 30_000),
    bodyTimeoutMs: envInt(env, 'LEAKSPEC_BODY_TIMEOUT_MS', 60_000),
    tries: 3,
    retryDelayMs: envInt(env, 'LEAKSPEC_RETRY_DELAY_MS', 1_000),
    maxRedirects: 5,
  };
}

/** A failure worth another attempt (network error, timeout, 5xx). */
class Retryable extends Error {}

/** sha256 of a file, streamed. */
export async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Returns the path of a verified local copy of `url`, downloading it when
 * the cache holds no file with that digest. Throws LeakspecError with
 * CAPTURE_URL, CAPTURE_DOWNLOAD or CAPTURE_DIGEST.
 */
export async function fetchCapture(url: string, sha256: string, opts: FetchOptions): Promise<string> {
  const start = checkCaptureUrl(url);
  const want = sha256.toLowerCase();
  mkdirSync(opts.cacheDir, { recursive: true });
  const cached = join(opts.cacheDir, want);
  if (exists(cached)) {
    if ((await hashFile(cached)) === want) return cached;
    rmSync(cached, { force: true });
  }
  /* undici is loaded only when something is downloaded (it is a large module graph) */
  const { Agent, request } = await import('undici');
  const agent = new Agent({ headersTimeout: opts.headersTimeoutMs, bodyTimeout: opts.bodyTimeoutMs, connect: opts.ca ? { ca: opts.ca } : undefined });
  try {
    for (let attempt = 1; ; attempt++) {
      const tmp = join(opts.cacheDir, `.${want}.${process.pid}.${attempt}.part`);
      try {
        const got = await download(start, tmp, agent, request, opts);
        if (got !== want) {
          throw new LeakspecError(ErrorCodes.CAPTURE_DIGEST, `${redactUrl(start)}: downloaded sha256 ${got} does not match the spec's ${want}`);
        }
        renameSync(tmp, cached);
        return cached;
      } catch (e) {
        rmSync(tmp, { force: true });
        if (!(e instanceof Retryable)) throw e;
        if (attempt >= opts.tries) {
          throw new LeakspecError(ErrorCodes.CAPTURE_DOWNLOAD, `${redactUrl(start)}: ${e.message} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})`);
        }
        await sleep(opts.retryDelayMs * 2 ** (attempt - 1));
      }
    }
  } finally {
    await agent.close();
  }
}

/** One attempt: follows redirects, streams the body to `tmp`, returns its sha256. */
async function download(start: URL, tmp: string, agent: Agent, request: typeof import('undici').request, opts: FetchOptions): Promise<string> {
  let url = start;
  for (let redirects = 0; ; redirects++) {
    let res;
    try {
      res = await request(url, { dispatcher: agent, method: 'GET', headers: { 'user-agent': 'leakspec' } });
    } catch (e) {
      throw new Retryable(networkMessage(e));
    }
    const { statusCode, headers, body } = res;
    if (statusCode >= 300 && statusCode < 400 && headers.location) {
      await body.dump();
      if (redirects >= opts.maxRedirects) fail(start, `more than ${opts.maxRedirects} redirects`);
      url = checkCaptureUrl(new URL(String(headers.location), url).href, true);
      continue;
    }
    if (statusCode >= 500) {
      await body.dump();
      throw new Retryable(`HTTP ${statusCode} from ${redactUrl(url)}`);
    }
    if (statusCode !== 200) {
      await body.dump();
      fail(start, `HTTP ${statusCode} from ${redactUrl(url)}`);
    }
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > opts.maxBytes) {
      body.on('error', () => undefined).destroy();
      fail(start, tooLarge(declared, opts.maxBytes));
    }
    return streamToFile(body, tmp, start, opts.maxBytes);
  }
}

async function streamToFile(body: NodeJS.ReadableStream, tmp: string, start: URL, maxBytes: number): Promise<string> {
  const h = createHash('sha256');
  let total = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > maxBytes) return done(new LeakspecError(ErrorCodes.CAPTURE_DOWNLOAD, `${redactUrl(start)}: ${tooLarge(total, maxBytes)}`));
      h.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(tmp, { mode: 0o600 }));
  } catch (e) {
    if (e instanceof LeakspecError) throw e;
    throw new Retryable(networkMessage(e));
  }
  return h.digest('hex');
}

function tooLarge(bytes: number, cap: number): string {
  return `larger than the ${cap}-byte cap (${bytes}+ bytes; LEAKSPEC_MAX_CAPTURE_BYTES changes it)`;
}

function fail(start: URL, why: string): never {
  throw new LeakspecError(ErrorCodes.CAPTURE_DOWNLOAD, `${redactUrl(start)}: ${why}`);
}

function networkMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return `${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`;
}
