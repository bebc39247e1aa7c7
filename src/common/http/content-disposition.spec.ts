import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  it('gives a Chinese name as RFC 5987 UTF-8 and an ASCII stand-in', () => {
    // 现 = E7 8E B0, 场 = E5 9C BA (UTF-8, by hand from the code points U+73B0, U+573A).
    expect(contentDisposition('现场.jpg', 'inline')).toBe(`inline; filename="__.jpg"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA.jpg`);
  });

  it('escapes what would break the header or the encoding', () => {
    expect(contentDisposition(`a"b;c's (1).pdf`, 'attachment')).toBe(`attachment; filename="a_b_c's (1).pdf"; filename*=UTF-8''a%22b%3Bc%27s%20%281%29.pdf`);
  });
});
