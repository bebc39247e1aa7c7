/**
 * A Content-Disposition header for a file name in any script: an ASCII stand-in for old clients
 * and the exact name as RFC 5987 / RFC 6266 `filename*` (UTF-8, percent-encoded).
 */
export function contentDisposition(fileName: string, disposition: 'inline' | 'attachment'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_').trim() || 'file';
  // encodeURIComponent leaves ' ( ) * ! as they are; RFC 5987's attr-char does not allow them.
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
