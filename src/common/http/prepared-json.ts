import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** A response body serialised (and compressed) once, for answers served many times over. */
export interface PreparedJson {
  json: string;
  gzip: Buffer;
  /** Brotli: every current browser takes it, and it is a quarter smaller than gzip on these answers. */
  br: Buffer;
}

/**
 * Brotli quality 9 with a 16 MB window: on the 3,000-team ranking (6.4 MB of JSON) 494 KB in
 * ~0.8 s on the thread pool, against gzip's 668 KB (quality 11: 407 KB but 26 s). Paid once per
 * figures' version, by the worker, for answers sent many times.
 */
const brotliOptions = (bytes: number, quality: number) => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: bytes },
});

/**
 * Brotli quality for small answers prepared on a request (a page of 50 ranking rows, ~100 KB of
 * JSON): quality 6 takes ~1.6 ms there and is within 3% of quality 9's size, which takes ~15 ms.
 */
export const QUICK_BROTLI = 6;

/**
 * Serialises and compresses `value` off the event loop (zlib runs on the thread pool); brotli at
 * `brotliQuality` (default 9, for large bodies prepared once by the worker).
 */
export async function prepareJson(value: unknown, brotliQuality = 9): Promise<PreparedJson> {
  const json = JSON.stringify(value);
  const [gz, br] = await Promise.all([gzipAsync(json), brotliAsync(json, brotliOptions(Buffer.byteLength(json), brotliQuality))]);
  return { json, gzip: gz, br };
}

/**
 * The answer's entity tag: its content's hash, so equal bodies have equal tags in every process.
 * Weak (W/): the same tag stands for the body in each of its encodings.
 */
const etags = new WeakMap<PreparedJson, string>();
function etagOf(body: PreparedJson): string {
  let tag = etags.get(body);
  if (!tag) {
    tag = `W/"${createHash('sha256').update(body.json).digest('base64url').slice(0, 32)}"`;
    etags.set(body, tag);
  }
  return tag;
}

/**
 * Sends a prepared body: brotli or gzip to clients that take it (every browser), else as is.
 * A client that names the body it holds (If-None-Match) gets a 304 without it.
 */
export function sendPreparedJson(req: Request, res: Response, body: PreparedJson): void {
  const etag = etagOf(body);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('ETag', etag);
  if (matches(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.type('application/json');
  // The smallest the client takes, whatever order it lists them in (browsers list gzip first).
  const encoding = (['br', 'gzip'] as const).find((e) => req.acceptsEncodings(e) === e);
  if (encoding) {
    res.setHeader('Content-Encoding', encoding);
    res.send(body[encoding]);
  } else {
    res.send(body.json);
  }
}

/** If-None-Match as RFC 9110 reads it: `*`, or a list of tags compared weakly. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
