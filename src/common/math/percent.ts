/**
 * `part ÷ whole × 100` in hundredths of a percent, from exact integers (万元 units, counts,
 * days), rounded once, half up (halves away from zero): 2/3 → 6667n. Null when `whole` is 0.
 */
export function percentHundredths(part: bigint, whole: bigint): bigint | null {
  if (whole === 0n) return null;
  const negative = part < 0n !== whole < 0n && part !== 0n;
  const p = part < 0n ? -part : part;
  const w = whole < 0n ? -whole : whole;
  const hundredths = (p * 10_000n * 2n + w) / (2n * w);
  return negative ? -hundredths : hundredths;
}

/** Hundredths of a percent as a decimal string with two places: 6667n → "66.67", -50n → "-0.50". */
export function formatHundredths(hundredths: bigint): string {
  const negative = hundredths < 0n;
  const abs = negative ? -hundredths : hundredths;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
