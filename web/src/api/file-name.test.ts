import { describe, expect, it } from 'vitest';
import { fileNameOf } from './file-name';

describe('download file names', () => {
  it('prefers the UTF-8 name', () => {
    expect(fileNameOf(`attachment; filename="ranking.xlsx"; filename*=UTF-8''${encodeURIComponent('2022年通报排名（旗县区）')}.xlsx`, 'x.xlsx')).toBe('2022年通报排名（旗县区）.xlsx');
    expect(fileNameOf('attachment; filename="ranking.xlsx"', 'x.xlsx')).toBe('ranking.xlsx');
    expect(fileNameOf(null, 'x.xlsx')).toBe('x.xlsx');
  });
});
