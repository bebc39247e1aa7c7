/**
 * Escapes `\`, `%` and `_` so user text matches itself inside a LIKE / ILIKE pattern
 * (PostgreSQL's default escape character is the backslash).
 */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
