/**
 * One error base class with stable codes (see docs/errors.md).
 *
 * Exceptions are for bad specs, unreadable files and bugs. Malformed traffic
 * is never an exception: decoders record a named "weird" and go on.
 */
export const ErrorCodes = {
  /** A capture file does not exist or cannot be opened. */
  CAPTURE_MISSING: 'LS_CAPTURE_MISSING',
  /** The file is not pcap, pcapng or HAR. */
  CAPTURE_UNKNOWN_FORMAT: 'LS_CAPTURE_UNKNOWN_FORMAT',
  /** The file ends inside a record (a killed tcpdump leaves this). */
  CAPTURE_TRUNCATED: 'LS_CAPTURE_TRUNCATED',
  /** A record header is impossible (length beyond caps, bad block). */
  CAPTURE_CORRUPT: 'LS_CAPTURE_CORRUPT',
  /** The capture holds no packets (or the window holds none). */
  CAPTURE_EMPTY: 'LS_CAPTURE_EMPTY',
  /** Packets of a link type that cannot be decoded. */
  CAPTURE_LINKTYPE: 'LS_CAPTURE_LINKTYPE',
  /** A remote capture URL is refused (not https, nor http to loopback) or malformed. */
  CAPTURE_URL: 'LS_CAPTURE_URL',
  /** A remote capture could not be downloaded (HTTP status, network, timeout, size cap, redirects). */
  CAPTURE_DOWNLOAD: 'LS_CAPTURE_DOWNLOAD',
  /** A downloaded (or cached) capture does not match the spec's sha256. */
  CAPTURE_DIGEST: 'LS_CAPTURE_DIGEST',
  /** A spec file is invalid (schema, references, values). */
  SPEC_INVALID: 'LS_SPEC_INVALID',
  /** A YAML document cannot be parsed (syntax, aliases bomb, size cap). */
  SPEC_YAML: 'LS_SPEC_YAML',
  /** The geolocation database cannot be read. */
  GEO_DB: 'LS_GEO_DB',
  /** Command-line usage error. */
  USAGE: 'LS_USAGE',
  /** A part of the spec format that is not built yet: never ignored. */
  NOT_IMPLEMENTED: 'LS_NOT_IMPLEMENTED',
  /** An expired waiver. */
  WAIVER_EXPIRED: 'LS_WAIVER_EXPIRED',
  /** A recording (`leakspec record`, `run --record`) failed, timed out or gave an empty capture. */
  RECORD_FAILED: 'LS_RECORD_FAILED',
  /** A bug: an invariant did not hold. */
  INTERNAL: 'LS_INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class LeakspecError extends Error {
  readonly code: ErrorCode;
  /** File the error is about, when there is one. */
  readonly file?: string;
  constructor(code: ErrorCode, message: string, opts: { file?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'LeakspecError';
    this.code = code;
    if (opts.file !== undefined) this.file = opts.file;
  }
}

/** A capture that cannot be read: carries the byte offset where reading stopped. */
export class CaptureError extends LeakspecError {
  readonly offset?: number;
  constructor(code: ErrorCode, message: string, opts: { file?: string; offset?: number; cause?: unknown } = {}) {
    super(code, message, opts);
    this.name = 'CaptureError';
    if (opts.offset !== undefined) this.offset = opts.offset;
  }
}

export class UsageError extends LeakspecError {
  constructor(message: string) {
    super(ErrorCodes.USAGE, message);
    this.name = 'UsageError';
  }
}

export class NotImplementedError extends LeakspecError {
  constructor(what: string, opts: { file?: string } = {}) {
    super(ErrorCodes.NOT_IMPLEMENTED, `${what} is not implemented yet`, opts);
    this.name = 'NotImplementedError';
  }
}

export function isLeakspecError(e: unknown): e is LeakspecError {
  return e instanceof LeakspecError;
}
