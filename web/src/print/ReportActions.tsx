import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, message as toast, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { downloadFile } from '../api/download';
import { ApiError } from '../api/errors';

/**
 * A report's two ways out of a page, for the query the page shows: 打印 (its print view, an A4
 * sheet without the menu) and 下载 Excel (its .xlsx, written from the same view). `label` names the
 * report when a page offers several.
 */
export function ReportActions({ label, printTo, xlsx, size }: { label?: string; printTo: string; xlsx?: { url: string; name: string }; size?: 'small' | 'middle' }) {
  const navigate = useNavigate();
  const [message, toastHolder] = toast.useMessage();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    if (!xlsx) return;
    setBusy(true);
    try {
      const name = await downloadFile(xlsx.url, xlsx.name);
      message.success(`已下载「${name}」`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '下载失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space.Compact size={size}>
      {toastHolder}
      <Button icon={<PrinterOutlined />} onClick={() => navigate(printTo)} data-testid="print-open">
        {label ? `打印${label}` : '打印'}
      </Button>
      {xlsx && (
        <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void download()} aria-label={label ? `下载${label} Excel` : '下载 Excel'} data-testid="xlsx-download">
          Excel
        </Button>
      )}
    </Space.Compact>
  );
}
