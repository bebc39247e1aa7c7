import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, message as toast, Result, Space, Table, Tag, Typography, Upload } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import type { Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useDownload } from '../../print/useDownload';

type Issue = Schemas['ImportIssueView'];

/**
 * What every import answers (src/common/spreadsheet/import-report.ts): rows by Excel row
 * number, what would be (or was) created, updated or left unchanged, errors and warnings.
 * Imports that count more (the company import's 联系人) add their own fields.
 */
export type ImportReport = Schemas['ImportReportBaseView'];

const ACCEPT = '.xlsx,.csv';

/** The 422 of a real import with errors carries the report as its details. */
function reportOf<R extends ImportReport>(err: ApiError): R | null {
  const d = err.details;
  return d && !Array.isArray(d) && typeof (d as Record<string, unknown>).totalRows === 'number' ? (d as unknown as R) : null;
}

export interface ImportWorkbenchProps<R extends ImportReport> {
  title: string;
  /** Sends the file: a check (dryRun, nothing written) or the real import. */
  upload: (form: FormData, dryRun: boolean) => Promise<R>;
  /** The export that is this import's template. */
  template: { url: string; name: string; label: string };
  hint: ReactNode;
  /** What a row counts as: 家 (enterprises), 个 (projects), 条 (leads, records). */
  unit: string;
  /** Further counts the report carries (联系人 …). */
  extraCounts?: (r: R) => Array<[string, ReactNode]>;
  /** The toast and the result's text after a real import. */
  doneText: (r: R) => string;
}

/**
 * An import as the company import works: choose an .xlsx or .csv, check it (试导入: nothing is
 * written) and read the report row by row, fix the file if needed, then import it for real. A
 * real import with any bad row writes nothing; the same file imported twice changes nothing.
 */
export function ImportWorkbench<R extends ImportReport>({ title, upload, template, hint, unit, extraCounts, doneText }: ImportWorkbenchProps<R>) {
  const [message, toastHolder] = toast.useMessage();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<R | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [problem, setProblem] = useState<string>();
  const inFlight = useRef(false);
  const { download: downloadTemplate, busy: templateBusy, holder: downloadHolder } = useDownload();

  const send = async (dryRun: boolean) => {
    if (!file || inFlight.current) return;
    inFlight.current = true;
    setBusy(dryRun ? 'check' : 'import');
    setProblem(undefined);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const r = await upload(form, dryRun);
      setReport(r);
      if (!dryRun) message.success(`导入完成：${doneText(r)}`);
    } catch (e) {
      const err = e instanceof ApiError ? e : ApiError.network();
      const r = reportOf<R>(err);
      if (r) setReport(r);
      setProblem(err.message);
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  };

  const choose = (f: File) => {
    setFile(f);
    setReport(null);
    setProblem(undefined);
    return false; // kept here, sent on 检查
  };

  const checkedOk = report?.dryRun && report.errorCount === 0;
  const imported = report && !report.dryRun && report.errorCount === 0;

  return (
    <div>
      {toastHolder}
      {downloadHolder}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <Button icon={<DownloadOutlined />} loading={templateBusy} onClick={() => void downloadTemplate(template.url, template.name)} data-testid="import-template">
          {template.label}
        </Button>
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Upload.Dragger accept={ACCEPT} multiple={false} showUploadList={false} beforeUpload={choose} data-testid="import-file">
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{file ? `已选择：${file.name}` : '点击或拖入 .xlsx / .csv 文件'}</p>
          <p className="ant-upload-hint">{hint}</p>
        </Upload.Dragger>
        <Space wrap style={{ marginTop: 12 }}>
          <Button type="primary" disabled={!file || busy !== null} loading={busy === 'check'} onClick={() => void send(true)} data-testid="import-check">
            检查（不写入）
          </Button>
          <Button type="primary" danger disabled={!checkedOk || busy !== null} loading={busy === 'import'} onClick={() => void send(false)} data-testid="import-run">
            正式导入
          </Button>
          <Typography.Text type="secondary">先检查，没有错误行才能正式导入；同一文件导入两次不会重复写入。</Typography.Text>
        </Space>
        {problem && <Alert type="error" showIcon role="alert" title={problem} style={{ marginTop: 12 }} data-testid="import-error" />}
      </Card>

      {imported && <Result status="success" title="导入完成" subTitle={`${doneText(report)}。`} data-testid="import-done" />}

      {report && (
        <Card size="small" title={report.dryRun ? '检查报告（未写入）' : '导入报告'} data-testid="import-report">
          <Descriptions size="small" column={{ xs: 2, sm: 3, md: 4 }}>
            <Descriptions.Item label="文件">
              {report.fileType === 'xlsx' ? `Excel${report.sheet ? `（${report.sheet}）` : ''}` : `CSV（${report.encoding ?? 'utf-8'}）`}
            </Descriptions.Item>
            {'headerRow' in report && typeof report.headerRow === 'number' && <Descriptions.Item label="表头在">第 {report.headerRow} 行</Descriptions.Item>}
            <Descriptions.Item label="数据行">{report.totalRows}</Descriptions.Item>
            <Descriptions.Item label={report.dryRun ? '将新建' : '新建'}>
              {report.created} {unit}
            </Descriptions.Item>
            <Descriptions.Item label={report.dryRun ? '将更新' : '更新'}>
              {report.updated} {unit}
            </Descriptions.Item>
            <Descriptions.Item label="无改动">{report.unchanged}</Descriptions.Item>
            {extraCounts?.(report).map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                {v}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label="错误行">
              <Typography.Text type={report.errorRows ? 'danger' : undefined} data-testid="import-error-rows">
                {report.errorRows}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="提醒">{report.warningCount}</Descriptions.Item>
          </Descriptions>
          {report.ignoredColumns.length > 0 && (
            <Alert type="info" showIcon style={{ margin: '8px 0' }} title={<>未导入的列：{report.ignoredColumns.map((c) => <Tag key={c}>{c}</Tag>)}</>} />
          )}
          {report.errors.length > 0 && <IssueTable title={`错误（${report.errorCount}${report.errorCount > report.errors.length ? `，显示前 ${report.errors.length} 条` : ''}）`} issues={report.errors} tone="danger" />}
          {report.warnings.length > 0 && <IssueTable title={`提醒（${report.warningCount}）`} issues={report.warnings} tone="warning" />}
          {report.dryRun && report.errorCount === 0 && <Alert type="success" showIcon title="没有错误行，可以正式导入" style={{ marginTop: 8 }} />}
        </Card>
      )}
    </div>
  );
}

function IssueTable({ title, issues, tone }: { title: string; issues: Issue[]; tone: 'danger' | 'warning' }) {
  return (
    <>
      <Typography.Title level={5} type={tone} style={{ marginTop: 12 }}>
        {title}
      </Typography.Title>
      <Table<Issue>
        size="small"
        rowKey={(i, n) => `${i.row ?? 0}-${i.column ?? ''}-${n}`}
        dataSource={issues}
        pagination={issues.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        onRow={() => ({ 'data-testid': `import-${tone === 'danger' ? 'error' : 'warning'}-row` }) as never}
        columns={[
          { title: '行号', dataIndex: 'row', width: 72, render: (r?: number) => (r ? `第 ${r} 行` : '—') },
          { title: '列', dataIndex: 'column', width: 140, render: (c?: string) => c ?? '—' },
          { title: '原因', dataIndex: 'message' },
        ]}
      />
    </>
  );
}
