import { ApiError, toApiError } from './errors';
import { fileNameOf } from './file-name';
import { authFetch } from './session';

/**
 * Downloads a file the API sends (an .xlsx), with the signed-in user's token, and saves it under
 * the name the service gave. Throws ApiError with the service's message on a refusal.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  const res = await authFetch(new Request(url));
  if (!res.ok) throw await toApiError(res);
  let blob: Blob;
  try {
    blob = await res.blob();
  } catch {
    throw ApiError.network();
  }
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}
