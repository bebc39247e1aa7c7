import {
  creditCodeText,
  excelSerialDate,
  joinHq,
  parseFoundedOn,
  parseLandline,
  parseMobile,
  parseTags,
  parseYesNo,
  splitHq,
} from './import-cells';
import { columnForHeader } from './import-columns';

const TODAY = '2026-11-25';

describe('成立日期', () => {
  it.each([
    ['ISO text', '2022-04-27'],
    ['slashes, no leading zeros', '2022/4/27'],
    ['Chinese', '2022年4月27日'],
    ['Chinese with leading zeros', '2022年04月27日'],
    ['dots', '2022.4.27'],
    ['full-width digits', '２０２２年４月２７日'],
    ['with a time, as Excel writes a date-time to CSV', '2022/4/27 0:00'],
    ['eight digits', '20220427'],
    ['an Excel serial as text', '44678'],
    ['an Excel serial number', 44678],
    ['an Excel serial with a time fraction', 44678.75],
    ['a date cell', new Date(Date.UTC(2022, 3, 27))],
  ])('%s → 2022-04-27', (_what, cell) => {
    expect(parseFoundedOn(cell, TODAY)).toEqual({ ok: true, value: '2022-04-27' });
  });

  it.each([
    ['garbage', '去年春天'],
    ['a month that does not exist', '2022-13-01'],
    ['30 February', '2022年2月30日'],
    ['a bare year as text', '2003'],
    ['a bare year as a number (not serial 2003)', 2003],
    ['a future date', '2099-01-01'],
    ['before 1800', '1700-01-01'],
    ['a negative number', -3],
  ])('%s is refused', (_what, cell) => {
    expect(parseFoundedOn(cell, TODAY)).toMatchObject({ ok: false, message: expect.stringContaining('成立日期') });
  });

  it("Excel serials around 1900's leap-year bug", () => {
    expect(excelSerialDate(1)).toEqual({ ok: true, value: '1900-01-01' });
    expect(excelSerialDate(59)).toEqual({ ok: true, value: '1900-02-28' });
    expect(excelSerialDate(60).ok).toBe(false); // 1900-02-29 never existed
    expect(excelSerialDate(61)).toEqual({ ok: true, value: '1900-03-01' });
  });
});

describe('总部所在地', () => {
  it.each([
    ['北京市', '北京市', '北京市'],
    ['北京', '北京市', '北京市'],
    ['北京市海淀区', '北京市', '北京市'],
    ['内蒙古自治区通辽市', '内蒙古自治区', '通辽市'],
    ['内蒙古通辽市科尔沁区', '内蒙古自治区', '通辽市'],
    ['广东省深圳市', '广东省', '深圳市'],
    ['广东省深圳市南山区', '广东省', '深圳市'],
    ['广东深圳', '广东省', '深圳'],
    ['广东省', '广东省', null],
    ['河南省郑州市', '河南省', '郑州市'],
    ['吉林省延边朝鲜族自治州延吉市', '吉林省', '延边朝鲜族自治州'],
    ['内蒙古自治区锡林郭勒盟锡林浩特市', '内蒙古自治区', '锡林郭勒盟'],
    ['西藏自治区阿里地区', '西藏自治区', '阿里地区'],
    ['广西壮族自治区南宁市', '广西壮族自治区', '南宁市'],
    ['香港', '香港特别行政区', null],
  ])('%s → %s / %s', (text, province, city) => {
    expect(splitHq(text)).toEqual({ province, city, recognised: true });
  });

  it('keeps a place abroad whole as the province, flagged', () => {
    expect(splitHq('美国加利福尼亚州')).toEqual({ province: '美国加利福尼亚州', city: null, recognised: false });
  });

  it('keeps a bare city as the city, flagged', () => {
    expect(splitHq('深圳市')).toEqual({ province: null, city: '深圳市', recognised: false });
    expect(splitHq(joinHq(null, '深圳市'))).toEqual({ province: null, city: '深圳市', recognised: false });
  });

  it.each([
    ['北京市', '北京市'],
    ['内蒙古自治区', '通辽市'],
    ['吉林省', '延边朝鲜族自治州'],
    ['广东省', null],
  ])('what the export writes for %s / %s reads back the same', (province, city) => {
    expect(splitHq(joinHq(province, city))).toEqual({ province, city, recognised: true });
  });
});

describe('标签', () => {
  it('splits on 、 , ， ; and spaces, keeps known tags once', () => {
    expect(parseTags('世界500强、上市公司，央企/国企;上市公司')).toEqual({ ok: true, value: ['世界500强', '上市公司', '央企/国企'] });
  });

  it('reads 央企 and 国企 as 央企/国企', () => {
    expect(parseTags('央企')).toEqual({ ok: true, value: ['央企/国企'] });
  });

  it('refuses an unknown tag, naming it and the choices', () => {
    expect(parseTags('上市公司、独角兽')).toMatchObject({ ok: false, message: expect.stringMatching(/独角兽.*世界500强/) });
  });
});

describe('contact details', () => {
  it.each([
    ['13912345678', '13912345678'],
    [13912345678, '13912345678'],
    ['139 1234 5678', '13912345678'],
    ['+86 139-1234-5678', '13912345678'],
  ])('mobile %s → %s', (cell, value) => {
    expect(parseMobile(cell)).toEqual({ ok: true, value });
  });

  it.each(['1391234567', '12912345678', '0475-8231234'])('refuses mobile %s', (cell) => {
    expect(parseMobile(cell).ok).toBe(false);
  });

  it('reads a landline with the area code in brackets', () => {
    expect(parseLandline('（0475）8231234')).toEqual({ ok: true, value: '0475-8231234' });
  });

  it('强制保存 is 是/否, Y/N, a checkbox or empty', () => {
    expect(parseYesNo('是', '强制保存')).toEqual({ ok: true, value: true });
    expect(parseYesNo(true, '强制保存')).toEqual({ ok: true, value: true });
    expect(parseYesNo('', '强制保存')).toEqual({ ok: true, value: false });
    expect(parseYesNo('也许', '强制保存').ok).toBe(false);
  });

  it('a credit code Excel stored as a number has lost digits and is refused as such', () => {
    expect(creditCodeText(911100006000373400)).toMatchObject({ ok: false, message: expect.stringContaining('文本') });
    expect(creditCodeText('9.11100006000373E+17')).toMatchObject({ ok: false });
    expect(creditCodeText('91110000600037341L')).toEqual({ ok: true, value: '91110000600037341L' });
  });
});

describe('headers', () => {
  it.each([
    ['企业名称', 'name'],
    [' 企业名称 ', 'name'],
    ['*企业名称', 'name'],
    ['企业名称（必填）', 'name'],
    ['公司名称', 'name'],
    ['统一社会信用代码', 'creditCode'],
    ['信用代码', 'creditCode'],
    ['手机号码', 'mobile'],
    ['E-mail', 'email'],
  ])('%s → %s', (header, key) => {
    expect(columnForHeader(header)?.key).toBe(key);
  });

  it('an unknown header is no column', () => {
    expect(columnForHeader('注册资本')).toBeUndefined();
  });
});
