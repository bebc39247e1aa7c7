import { pinyinKeys, pinyinQuery } from './pinyin';

describe('pinyinKeys', () => {
  it('initials and full pinyin of each name, apart by a space', () => {
    const keys = pinyinKeys('梅花生物科技集团股份有限公司', '梅花生物');
    expect(keys.initials).toBe('mhswkjjtgfyxgs mhsw');
    expect(keys.full).toBe('meihuashengwukejijituangufenyouxiangongsi meihuashengwu');
  });

  it('keeps letters and digits of other scripts whole, in search form (half-width, lower case, no spaces)', () => {
    expect(pinyinKeys('绿色ＡＢＣ 2号')).toMatchObject({ initials: 'lsabc2h', full: 'lvseabc2hao' });
  });

  it('reads a place name as people say it (重庆, not zhongqing)', () => {
    expect(pinyinKeys('重庆银行').initials).toBe('cqyh');
  });

  it('grams cover every two-letter piece of the initials, never spanning two names', () => {
    const { grams } = pinyinKeys('通辽梅花', '伊利');
    for (const g of ['tl', 'lm', 'mh', 'yl', 'me', 'ei']) expect(grams).toContain(g);
    expect(grams).not.toContain('hy');
  });

  it('no names, no keys', () => {
    expect(pinyinKeys(null, undefined, '')).toEqual({ initials: '', full: '', grams: [] });
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
