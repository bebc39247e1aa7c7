/**
 * Exact rational arithmetic on bigints: completion rates, 序时进度 and scores never pass
 * through binary floats, and a percentage is rounded once, half up, when it is shown.
 */
export interface Rational {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b) [a, b] = [b, a % b];
  return a;
};

/** n / d in lowest terms with a positive denominator. */
export const ratio = (n: bigint, d: bigint): Rational => {
  if (d === 0n) throw new Error('分母不能为 0');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
export const add = (a: Rational, b: Rational) => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational) => add(a, { n: -b.n, d: b.d });
export const mul = (a: Rational, b: Rational) => ratio(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational) => ratio(a.n * b.d, a.d * b.n);
export const lt = (a: Rational, b: Rational) => a.n * b.d < b.n * a.d;
export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };
export const int = (n: number | bigint): Rational => ({ n: BigInt(n), d: 1n });

/**
 * A decimal (string, or a JSON number read as the decimal it was written as: 0.1 is one tenth,
 * not the double nearest to it) as an exact rational.
 */
export function exactDecimal(value: string | number): Rational {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`不是十进制数：${text}`);
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? 0) - frac.length;
  let n = BigInt(`${m[2] || '0'}${frac}`);
  let d = 1n;
  if (exp >= 0) n *= 10n ** BigInt(exp);
  else d = 10n ** BigInt(-exp);
  return ratio(m[1] === '-' ? -n : n, d);
}

/** floor(r × 10^places) as a bigint. */
export const floorScaled = (r: Rational, places: number): bigint => {
  const x = r.n * 10n ** BigInt(places);
  const q = x / r.d;
  return x % r.d !== 0n && x < 0n ? q - 1n : q;
};

/** Rounds half up (halves away from zero) to `places` decimals, as a scaled bigint. */
export function roundHalfUpScaled(r: Rational, places: number): bigint {
  const x = r.n * 10n ** BigInt(places);
  const abs = x < 0n ? -x : x;
  const q = (2n * abs + r.d) / (2n * r.d);
  return x < 0n ? -q : q;
}

/** A scaled bigint as a decimal string with exactly `places` decimals. */
export function formatScaled(v: bigint, places: number): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const s = abs.toString().padStart(places + 1, '0');
  return `${neg ? '-' : ''}${places ? `${s.slice(0, -places)}.${s.slice(-places)}` : s}`;
}

/** Rounds once, half up, to 2 decimals (display). */
export const roundToCents = (r: Rational) => formatScaled(roundHalfUpScaled(r, 2), 2);

/** A fraction as a percentage with two decimals, rounded once half up: 10/12 → "83.33". */
export const percentOf = (r: Rational): string => roundToCents(mul(r, int(100)));

/** actual ÷ target, exact; a zero target counts as fully met. */
export function exactCompletion(actual: string, target: string): Rational {
  const t = exactDecimal(target);
  if (t.n === 0n) return ONE;
  return div(exactDecimal(actual), t);
}
