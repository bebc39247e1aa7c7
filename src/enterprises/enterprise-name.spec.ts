import { normalizeEnterpriseName, searchGrams, searchText } from './enterprise-name';

describe('normalizeEnterpriseName', () => {
  describe('names that are the same company normalise alike', () => {
    it.each([
      ['股份有限公司 vs 有限公司', '梅花生物科技集团股份有限公司', '梅花生物科技集团有限公司'],
      ['有限责任公司 vs 有限公司', '通辽市经安有色金属有限责任公司', '通辽市经安有色金属有限公司'],
      ['股份有限公司 vs 有限责任公司', '内蒙古锦联铝材股份有限公司', '内蒙古锦联铝材有限责任公司'],
      ['股份公司 vs 公司', '华能通辽风力发电股份公司', '华能通辽风力发电公司'],
      ['suffix vs none', '兴固新材料有限公司', '兴固新材料'],
      ['full-width vs half-width brackets', '华能（通辽）风力发电有限公司', '华能(通辽)风力发电有限公司'],
      ['square and lenticular brackets', '华能【通辽】风力发电有限公司', '华能(通辽)风力发电有限公司'],
      ['full-width square brackets', '华能［通辽］风力发电有限公司', '华能(通辽)风力发电有限公司'],
      ['half-width square brackets', '华能[通辽]风力发电有限公司', '华能（通辽）风力发电有限公司'],
      ['tortoise-shell brackets', '华能〔通辽〕风力发电有限公司', '华能(通辽)风力发电有限公司'],
      ['ASCII spaces', '华能 通辽 风力发电有限公司', '华能通辽风力发电有限公司'],
      ['ideographic space U+3000', '华能\u3000通辽风力发电有限公司', '华能通辽风力发电有限公司'],
      ['tabs, newlines and surrounding space', '\t华能通辽\n风力发电有限公司 ', '华能通辽风力发电有限公司'],
      ['space before the suffix', '梅花生物科技集团 股份有限公司', '梅花生物科技集团有限公司'],
      ['Latin case', 'ABB（中国）有限公司', 'abb(中国)有限公司'],
      ['full-width Latin letters', 'ＡＢＢ（中国）有限公司', 'ABB(中国)有限公司'],
      ['full-width digits', '通辽第１热电有限公司', '通辽第1热电有限公司'],
      ['everything at once', ' ＡＢＢ （中国）\u3000股份有限公司', 'abb(中国)有限责任公司'],
    ])('%s', (_what, a, b) => {
      expect(normalizeEnterpriseName(a)).toBe(normalizeEnterpriseName(b));
    });
  });

  describe('the normalised form', () => {
    it.each([
      ['梅花生物科技集团股份有限公司', '梅花生物科技集团'],
      ['梅花生物科技集团有限公司', '梅花生物科技集团'],
      ['通辽市经安有色金属有限责任公司', '通辽市经安有色金属'],
      ['华能（通辽）风力发电有限公司', '华能(通辽)风力发电'],
      ['ABB (China) Co Ltd', 'abb(china)coltd'],
      ['ＡＢＢ（中国）有限公司', 'abb(中国)'],
    ])('%s → %s', (name, normalised) => {
      expect(normalizeEnterpriseName(name)).toBe(normalised);
    });

    it('strips only one legal suffix, the longest that matches', () => {
      expect(normalizeEnterpriseName('某某公司有限公司')).toBe('某某公司');
      expect(normalizeEnterpriseName('某某股份有限公司')).toBe('某某');
    });

    it('keeps a name that is nothing but the suffix', () => {
      expect(normalizeEnterpriseName('公司')).toBe('公司');
    });

    it('keeps a suffix that is not at the end (branches are other records)', () => {
      expect(normalizeEnterpriseName('中国银行股份有限公司通辽分行')).toBe('中国银行股份有限公司通辽分行');
    });
  });

  describe('different companies stay different', () => {
    it.each([
      ['another city in brackets', '华能（通辽）风力发电有限公司', '华能（赤峰）风力发电有限公司'],
      ['a brand vs its group', '梅花生物科技集团股份有限公司', '梅花生物科技股份有限公司'],
      ['brackets vs none', '华能（通辽）风力发电有限公司', '华能通辽风力发电有限公司'],
      ['a branch vs the head office', '中国银行股份有限公司通辽分行', '中国银行股份有限公司'],
    ])('%s', (_what, a, b) => {
      expect(normalizeEnterpriseName(a)).not.toBe(normalizeEnterpriseName(b));
    });
  });
});

describe('searchText', () => {
  it.each([
    ['梅花 生物', '梅花生物'],
    ['梅花\u3000生物', '梅花生物'],
    ['ＡＢＢ中国', 'abb中国'],
    ['（通辽）', '(通辽)'],
    ['  ', ''],
  ])('%j → %j', (input, out) => {
    expect(searchText(input)).toBe(out);
  });
});

describe('searchGrams', () => {
  it('every two-character substring of the name, once', () => {
    expect(searchGrams('梅花生物')).toEqual(['梅花', '花生', '生物']);
    expect(searchGrams('哈哈哈哈')).toEqual(['哈哈']);
  });

  it('grams of several texts are unioned, never spanning from one text to the next', () => {
    const grams = searchGrams('梅花生物科技集团股份有限公司', '梅花');
    expect(grams).toContain('梅花');
    expect(grams).toContain('公司');
    expect(grams).not.toContain('司梅');
    expect(new Set(grams).size).toBe(grams.length);
    expect(searchGrams('甲乙', '丙丁')).toEqual(['甲乙', '丙丁']);
  });

  it('skips null, undefined, empty and one-character texts', () => {
    expect(searchGrams(null, undefined, '', '梅')).toEqual([]);
    expect(searchGrams()).toEqual([]);
  });

  it('works on the search form: no spaces, half-width, lower case', () => {
    expect(searchGrams('梅 花')).toEqual(['梅花']);
    expect(searchGrams('ＡＢ')).toEqual(['ab']);
    expect(searchGrams('AB')).toEqual(['ab']);
  });

  it('counts characters, not UTF-16 units (characters outside the BMP stay whole)', () => {
    // 𠀀 (U+20000) is one character of two UTF-16 units.
    expect(searchGrams('𠀀梅花')).toEqual(['𠀀梅', '梅花']);
  });

  it('a query of two or more characters is covered by the grams of any name containing it', () => {
    const name = '梅花生物科技集团股份有限公司';
    const stored = new Set(searchGrams(name, '梅花生物'));
    for (const query of ['梅花', '生物科技', '集团股份', '有限公司', '梅花生物科技集团股份有限公司']) {
      expect(searchGrams(query).every((g) => stored.has(g))).toBe(true);
    }
    expect(searchGrams('花梅').every((g) => stored.has(g))).toBe(false);
  });
});
