import { AuthUser, Role } from '../auth/auth-user';

/**
 * The key of an answer that depends on its caller only through what they may see, and on the
 * query's fields (in a fixed order, absent ones left out): every admin sees everything, so admins
 * share one answer; anyone else has their own (their scope is their user's, under the access
 * scope version the answer is kept at).
 */
export function scopedAnswerKey(actor: AuthUser, query: object): string {
  const who = actor.role === Role.Admin ? Role.Admin : `${actor.role}:${actor.id}`;
  const fields = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([who, fields]);
}
