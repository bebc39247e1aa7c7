import { pinyin } from 'pinyin-pro';
import { pinyinKeys, pinyinQuery } from './pinyin';
import { searchText } from './search-text';

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

  it("one pinyin call gives what the 'first' and full patterns give apart, over the CJK block and mixed text", () => {
    // The independent computation: pinyin-pro asked twice, as the keys were first written.
    const token = (t: string) => t.toLowerCase().replace(/[^a-z0-9]/g, '');
    const apart = (text: string) => ({
      initials: pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).map(token).join(''),
      full: pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).map(token).join(''),
    });
    const texts: string[] = ['银行行长', '重庆长安', '音乐乐器', '单于单县', '朝阳朝廷', '女儿', '吕氏', 'ABC银行', '3M中国', '嗯', '〇', 'ａ中Ｂ'];
    for (let c = 0x3000; c <= 0x9fff; c++) texts.push(String.fromCodePoint(c));
    for (let c = 0x3400; c <= 0x9fff; c += 7) texts.push(`${String.fromCodePoint(c)}a${String.fromCodePoint(c + 1, c + 3)}12`);
    for (let c = 0x20000; c <= 0x2a6df; c += 97) texts.push(`${String.fromCodePoint(c)}行x`);
    const differ = texts.map(searchText).filter((t) => t && JSON.stringify(pinyinKeys(t)) !== JSON.stringify({ ...apart(t), grams: pinyinKeys(t).grams }));
    expect(differ).toEqual([]);
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
