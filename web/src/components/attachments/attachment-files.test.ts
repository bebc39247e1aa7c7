import { describe, expect, it } from 'vitest';
import { formatSize, kindLabel, opensInline } from './attachment-files';

describe('attachment files', () => {
  it('sizes read as 字节, KB, MB', () => {
    expect(formatSize(512)).toBe('512 字节');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(5 * 1024 * 1024 + 104858)).toBe('5.1 MB');
  });

  it('images and PDF open in the page; HEIC (most browsers cannot show it) and Office files download', () => {
    expect(opensInline('image/png')).toBe(true);
    expect(opensInline('application/pdf')).toBe(true);
    expect(opensInline('image/heic')).toBe(false);
    expect(opensInline('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(false);
    expect(kindLabel('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('DOC');
  });
});
