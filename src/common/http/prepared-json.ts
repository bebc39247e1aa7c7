import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const gzipAsync = promisify(gzip);

/** A response body serialised (and gzipped) once, for answers served many times over. */
export interface PreparedJson {
  json: string;
  gzip: Buffer;
}

/** Serialises and compresses `value` off the event loop (zlib runs on the thread pool). */
export async function prepareJson(value: unknown): Promise<PreparedJson> {
  const json = JSON.stringify(value);
  return { json, gzip: await gzipAsync(json) };
}

/** Sends a prepared body: gzipped to clients that take it (every browser), else as is. */
export function sendPreparedJson(req: Request, res: Response, body: PreparedJson): void {
  res.type('application/json');
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.acceptsEncodings('gzip')) {
    res.setHeader('Content-Encoding', 'gzip');
    res.send(body.gzip);
  } else {
    res.send(body.json);
  }
}
