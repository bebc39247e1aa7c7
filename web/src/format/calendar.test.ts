import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the Chinese calendar', () => {
  it('is imported by every module that shows a date picker, so none waits for another page', () => {
    const pickers = sources(SRC).filter((f) => /\bDatePicker\b/.test(readFileSync(f, 'utf8')));
    expect(pickers.length).toBeGreaterThan(5);
    const missing = pickers.filter((f) => !/import '(\.\.\/)+format\/calendar'|import '\.\/calendar'/.test(readFileSync(f, 'utf8')));
    expect(missing.map((f) => relative(SRC, f))).toEqual([]);
  });
});
