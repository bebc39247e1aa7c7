import type { FieldIssue } from '../errors/app-error';

/** A UTF-16 surrogate without its partner: not a character, and not storable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be taken as text, or null when it can. */
function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return '不能包含空字符（NUL）';
  if (LONE_SURROGATE.test(text)) return '不是合法的 Unicode 文本（含不成对的代理字符）';
  return null;
}

const childPath = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/**
 * The first string in a parsed request value (a body, a query object, a path parameter) — or
 * object key — that is not well-formed text: holding a NUL (PostgreSQL cannot store it) or a
 * lone UTF-16 surrogate (JSON's `\ud800` escape lets a client send one). Walks iteratively, so
 * no shape of input can overflow the stack.
 */
export function findMalformedText(value: unknown, root = ''): FieldIssue | null {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return { field: path || 'body', message: `${path || 'body'} ${problem}` };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], childPath(path, i)]);
    } else if (current !== null && typeof current === 'object') {
      for (const key of Object.keys(current).reverse()) {
        const problem = textProblem(key);
        if (problem) return { field: childPath(path, key), message: `字段名 ${problem}` };
        stack.push([(current as Record<string, unknown>)[key], childPath(path, key)]);
      }
    }
  }
  return null;
}
