import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useNavigate } from 'react-router';
import { useDownload } from './useDownload';

/** A plain 下载 button for a list's .xlsx (项目清单 …). */
export function DownloadButton({ url, name, children }: { url: string; name: string; children: string }) {
  const { download, busy, holder } = useDownload();
  return (
    <>
      {holder}
      <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void download(url, name)}>
        {children}
      </Button>
    </>
  );
}

/**
 * A report's two ways out of a page, for the query the page shows: 打印 (its print view, an A4
 * sheet without the menu) and 下载 Excel (its .xlsx, written from the same view). `label` names the
 * report when a page offers several.
 */
export function ReportActions({ label, printTo, xlsx, size }: { label?: string; printTo: string; xlsx?: { url: string; name: string }; size?: 'small' | 'middle' }) {
  const navigate = useNavigate();
  const { download, busy, holder } = useDownload();
  return (
    <Space.Compact size={size}>
      {holder}
      <Button icon={<PrinterOutlined />} onClick={() => navigate(printTo)} data-testid="print-open">
        {label ? `打印${label}` : '打印'}
      </Button>
      {xlsx && (
        <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void download(xlsx.url, xlsx.name)} aria-label={label ? `下载${label} Excel` : '下载 Excel'} data-testid="xlsx-download">
          Excel
        </Button>
      )}
    </Space.Compact>
  );
}
