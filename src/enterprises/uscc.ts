/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet (no I O Z S V);
 * the last is a check character over the first 17.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const FORMAT = new RegExp(`^[${USCC_ALPHABET}]{18}$`);

export type UsccCheck =
  | { ok: true; code: string }
  | { ok: false; code: string; reason: 'format' }
  | { ok: false; code: string; reason: 'checksum'; expected: string };

/** Upper-cases and strips spaces, as people type and spreadsheets store codes. */
export function normalizeUscc(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** Checks format and check character. A bad checksum is reported apart: some real early codes fail it. */
export function checkUscc(input: string): UsccCheck {
  const code = normalizeUscc(input);
  if (!FORMAT.test(code)) return { ok: false, code, reason: 'format' };
  const expected = usccCheckChar(code.slice(0, 17));
  return code[17] === expected ? { ok: true, code } : { ok: false, code, reason: 'checksum', expected };
}

/** The check character for the first 17 characters of a code. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i] as string) * (WEIGHTS[i] as number);
  return USCC_ALPHABET[(31 - (sum % 31)) % 31] as string;
}
