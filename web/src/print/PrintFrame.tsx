import { ArrowLeftOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api, ok } from '../api/client';
import type { ApiError } from '../api/errors';
import { useLoad } from '../api/hooks';
import { beijingDate, formatDate } from '../format/date';
import './print.css';
import { useDownload } from './useDownload';

export interface PrintFrameProps {
  /** The report's title as the .xlsx writes it (e.g. 「2022年1–10月项目调度表」). */
  title: string | undefined;
  /** 统计期间 label, e.g. 「2022年1–10月」. */
  period?: string;
  /** 数据截至, YYYY-MM-DD. */
  asOf?: string;
  /** Further header facts: 序时进度, 口径, the signing event's date. */
  facts?: Array<[string, ReactNode]>;
  /** The units line, e.g. 「单位：万元、个」. */
  units?: string;
  /** The same report as .xlsx: its URL with the same query, and a name should the service give none. */
  xlsx?: { url: string; name: string };
  /** 说明 lines under the table. */
  notes?: ReactNode[];
  loading?: boolean;
  error?: ApiError;
  children?: ReactNode;
}

/**
 * The frame every printed report shares, as the .xlsx does: the title, 统计期间 and 数据截至, the
 * units line, the table, 说明, and at the foot 制表单位 (GET /reporting/rules `issuer`) and 制表日期.
 * On screen it is an A4 sheet with 返回 / 打印 / 下载 Excel above it; printed, only the sheet —
 * A4 landscape, header rows repeated, 「第 n 页 共 m 页」 at each page's foot (print.css).
 */
export function PrintFrame({ title, period, asOf, facts = [], units, xlsx, notes = [], loading, error, children }: PrintFrameProps) {
  const navigate = useNavigate();
  const { download, busy: downloading, holder } = useDownload();
  const rules = useLoad(() => ok(api.GET('/api/v1/reporting/rules')), []);
  const issuer = rules.data?.issuer;
  const madeOn = beijingDate();

  // The title names the PDF a browser saves the printout as.
  useEffect(() => {
    if (!title) return;
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);

  return (
    <div className="print-screen">
      {holder}
      <Space className="print-toolbar no-print" wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/'))}>
          返回
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!title || loading}>
          打印
        </Button>
        {xlsx && (
          <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => void download(xlsx.url, xlsx.name)} data-testid="print-xlsx">
            下载 Excel
          </Button>
        )}
      </Space>
      <article className="print-sheet" data-testid="print-sheet">
        {error && <Alert className="no-print" type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
        {loading && !title && <Spin className="print-spin" />}
        {title && (
          <header className="print-head">
            <h1 className="print-title" data-testid="print-title">
              {title}
            </h1>
            <div className="print-meta" data-testid="print-meta">
              {period && (
                <span>
                  统计期间：<span data-testid="print-period">{period}</span>
                </span>
              )}
              {asOf && (
                <span>
                  数据截至：<span data-testid="print-as-of">{formatDate(asOf)}</span>
                </span>
              )}
              {facts.map(([k, v]) => (
                <span key={k}>
                  {k}：{v}
                </span>
              ))}
            </div>
            {units && (
              <div className="print-units" data-testid="print-units">
                {units}
              </div>
            )}
          </header>
        )}
        {title && children}
        {title && notes.length > 0 && (
          <section className="print-notes" data-testid="print-notes">
            <div>说明：</div>
            <ol>
              {notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ol>
          </section>
        )}
        {title && (
          <footer className="print-foot" data-testid="print-foot">
            <span>
              制表单位：<span data-testid="print-issuer">{issuer ?? ''}</span>
            </span>
            <span>
              制表日期：<span data-testid="print-made-on">{formatDate(madeOn)}</span>
            </span>
          </footer>
        )}
      </article>
    </div>
  );
}
