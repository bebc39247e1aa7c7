import { prepareSearch } from './import-search';

describe('prepareSearch', () => {
  it('gives the search columns with the gram arrays as array literals (hand-worked)', () => {
    // 梅花: meihua / mh; grams of the initials, then of the full pinyin, each once.
    expect(prepareSearch('梅花', null)).toEqual({
      searchText: '梅花|',
      searchGrams: '{"梅花"}',
      pinyinInitials: 'mh',
      pinyinFull: 'meihua',
      pinyinGrams: '{"mh","me","ei","ih","hu","ua"}',
    });
  });

  it('quotes and escapes what an array literal must: double quotes and backslashes', () => {
    const s = prepareSearch('A"b', 'c\\d');
    expect(s.searchText).toBe('a"b|c\\d');
    expect(s.searchGrams).toBe(String.raw`{"a\"","\"b","c\\","\\d"}`);
  });

  it('writes an empty array as {}', () => {
    expect(prepareSearch('A', null).searchGrams).toBe('{}');
  });
});
