/**
 * A key for one submission of a form, sent as Idempotency-Key: a save retried with the same
 * values after a lost answer gets the first answer back instead of making a second record.
 * getRandomValues, not randomUUID: the latter exists only on https pages, and intranet
 * deployments are often plain http.
 */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
