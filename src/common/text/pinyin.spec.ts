import { pinyinKeys, pinyinQuery } from './pinyin';

describe('pinyinKeys', () => {
  it('initials and full pinyin of each name, apart by a space', () => {
    const keys = pinyinKeys('梅花生物科技集团股份有限公司', '梅花生物');
    expect(keys.pinyinInitials).toBe('mhswkjjtgfyxgs mhsw');
    expect(keys.pinyinFull).toBe('meihuashengwukejijituangufenyouxiangongsi meihuashengwu');
  });

  it('keeps letters and digits of other scripts whole, in search form (half-width, lower case, no spaces)', () => {
    expect(pinyinKeys('绿色ＡＢＣ 2号')).toMatchObject({ pinyinInitials: 'lsabc2h', pinyinFull: 'lvseabc2hao' });
  });

  it('reads a place name as people say it (重庆, not zhongqing)', () => {
    expect(pinyinKeys('重庆银行').pinyinInitials).toBe('cqyh');
  });

  it('grams cover every two-letter piece of the initials, never spanning two names', () => {
    const { pinyinGrams } = pinyinKeys('通辽梅花', '伊利');
    for (const g of ['tl', 'lm', 'mh', 'yl', 'me', 'ei']) expect(pinyinGrams).toContain(g);
    expect(pinyinGrams).not.toContain('hy');
  });

  it('no names, no keys', () => {
    expect(pinyinKeys(null, undefined, '')).toEqual({ pinyinInitials: '', pinyinFull: '', pinyinGrams: [] });
  });
});

describe('pinyinQuery', () => {
  it.each([
    ['mh', 'mh'],
    [' MH ', 'mh'],
    ['ｍｈ', 'mh'],
    ['meihua', 'meihua'],
    ['a1', 'a1'],
    ['梅h', null],
    ['9115', null],
    ['', null],
  ])('%j → %j', (raw, out) => {
    expect(pinyinQuery(raw)).toBe(out);
  });
});
