/** What the attachment panel needs of files, apart from React: sizes, kinds, the accept list. */

/** The types the service accepts (it checks the bytes; this only narrows the file chooser). */
export const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/heic,.heic,.jpg,.jpeg,.png,.webp,.gif,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

/** A size as people read it: 字节, KB or MB with one decimal. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Shown in the page (an image preview, a PDF in a tab) rather than saved. */
export const opensInline = (contentType: string): boolean => contentType === 'application/pdf' || (contentType.startsWith('image/') && contentType !== 'image/heic');

/** The short label of a file's kind for its placeholder thumbnail. */
export function kindLabel(contentType: string): string {
  if (contentType === 'application/pdf') return 'PDF';
  if (contentType.includes('word')) return 'DOC';
  if (contentType.includes('sheet') || contentType.includes('excel')) return 'XLS';
  if (contentType.includes('presentation')) return 'PPT';
  if (contentType.startsWith('image/')) return 'IMG';
  return '文件';
}
