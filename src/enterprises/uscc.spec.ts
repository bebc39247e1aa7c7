import { checkUscc, normalizeUscc, USCC_ALPHABET, usccCheckChar } from './uscc';

describe('USCC (统一社会信用代码)', () => {
  describe('valid codes from domain.md', () => {
    it.each(['91110000600037341L', '91350100M000100Y43', '91152201078371135X'])('%s passes', (code) => {
      expect(checkUscc(code)).toEqual({ ok: true, code });
    });
  });

  it('the check character is computed over the first 17 characters', () => {
    expect(usccCheckChar('91110000600037341')).toBe('L');
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('91152201078371135')).toBe('X');
  });

  it('91350211M0000XUF46 (a real early code) fails only the checksum, reporting the expected character', () => {
    expect(checkUscc('91350211M0000XUF46')).toEqual({ ok: false, code: '91350211M0000XUF46', reason: 'checksum', expected: 'R' });
  });

  it.each([
    ['a wrong last character', '91110000600037341M', 'L'],
    ['two digits swapped', '91110000600037314L', usccCheckChar('91110000600037314')],
  ])('%s is a checksum failure, not a format one', (_what, code, expected) => {
    expect(checkUscc(code)).toEqual({ ok: false, code, reason: 'checksum', expected });
  });

  describe('bad formats', () => {
    it.each([
      ['17 characters', '91110000600037341'],
      ['19 characters', '91110000600037341LL'],
      ['empty', ''],
      ['letter I', '9111000060003734IL'],
      ['letter O', '9111000060003734OL'],
      ['letter Z', '9111000060003734ZL'],
      ['letter S', '9111000060003734SL'],
      ['letter V', '9111000060003734VL'],
      ['punctuation', '91110000-600037341'],
      ['a Chinese character', '9111000060003734一L'],
    ])('%s → format', (_what, code) => {
      expect(checkUscc(code)).toMatchObject({ ok: false, reason: 'format' });
    });
  });

  describe('normalisation before checking', () => {
    it.each([
      ['lowercase', '91152201078371135x', '91152201078371135X'],
      ['lowercase letters inside', '91350100m000100y43', '91350100M000100Y43'],
      ['spaces between groups', '9111 0000 6000 3734 1L', '91110000600037341L'],
      ['leading and trailing spaces, a tab', ' \t91110000600037341L ', '91110000600037341L'],
      ['ideographic space U+3000', '91110000\u3000600037341L', '91110000600037341L'],
      ['full-width digits and letters', '９１１１００００６０００３７３４１Ｌ', '91110000600037341L'],
      ['full-width lowercase', '９１１５２２０１０７８３７１１３５ｘ', '91152201078371135X'],
    ])('%s', (_what, input, code) => {
      expect(normalizeUscc(input)).toBe(code);
      expect(checkUscc(input)).toEqual({ ok: true, code });
    });

    it('a normalised code that is still malformed is reported in its normalised form', () => {
      expect(checkUscc(' 9111 0000 6000 3734 1 ')).toEqual({ ok: false, code: '91110000600037341', reason: 'format' });
    });
  });

  it('every alphabet character is accepted in the body, and the check character is always from the alphabet', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    expect(USCC_ALPHABET).not.toMatch(/[IOZSV]/);
    for (const ch of USCC_ALPHABET) {
      const first17 = `9111000060003734${ch}`;
      const check = usccCheckChar(first17);
      expect(USCC_ALPHABET).toContain(check);
      expect(checkUscc(first17 + check)).toEqual({ ok: true, code: first17 + check });
    }
  });

  it('a sum that is a multiple of 31 gives check character 0, not the out-of-range value 31', () => {
    // Only the first position changes; its weight is 1, so one of the 31 values makes the sum ≡ 0 (mod 31).
    const codes = Array.from(USCC_ALPHABET, (ch) => `${ch}1110000600037341`);
    const zero = codes.filter((c) => usccCheckChar(c) === '0');
    expect(zero).toHaveLength(1);
    expect(checkUscc(`${zero[0]}0`)).toMatchObject({ ok: true });
  });
});
