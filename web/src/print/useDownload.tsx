import { message as toast } from 'antd';
import { useState, type ReactNode } from 'react';
import { downloadFile } from '../api/download';
import { ApiError } from '../api/errors';

/** Downloading a report's .xlsx from a button: busy while it comes, a toast naming the file or the service's refusal. */
export function useDownload(): { download: (url: string, fallbackName: string) => Promise<void>; busy: boolean; holder: ReactNode } {
  const [message, holder] = toast.useMessage();
  const [busy, setBusy] = useState(false);
  const download = async (url: string, fallbackName: string) => {
    setBusy(true);
    try {
      const name = await downloadFile(url, fallbackName);
      message.success(`已下载「${name}」`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '下载失败');
    } finally {
      setBusy(false);
    }
  };
  return { download, busy, holder };
}
