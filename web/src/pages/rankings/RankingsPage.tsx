import { DownloadOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Collapse, Empty, Form, Input, message as toast, Modal, Select, Space, Table, Tabs, Tag, Typography, type TablePaginationConfig } from 'antd';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { downloadFile } from '../../api/download';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, showFieldErrors } from '../../api/form-errors';
import { useLoad } from '../../api/hooks';
import type { PublishedRanking, PublishedRankingDetail, RankingRow } from '../../api/views';
import { useAuth } from '../../auth/AuthProvider';
import { MetricsTable } from '../../components/MetricsTable';
import { currentPeriod, parsePeriodKey, periodKey, periodLabel, periodQuery, type Period } from '../../components/period';
import { PeriodPicker } from '../../components/PeriodPicker';
import { ProgressLegend } from '../../components/ProgressBar';
import { formatDateTime } from '../../format/date';
import { formatMetric, METRIC_SHORT, type Metric } from '../../format/metrics';
import { PrintButton } from '../../print/PrintButton';
import { withQuery } from '../../print/query';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { methodRows, scoringItems, type MethodRow } from './scoring-items';

type Scope = 'county' | 'township' | 'team';
const SCOPES: Array<{ value: Scope; label: string }> = [
  { value: 'county', label: '旗县区' },
  { value: 'township', label: '乡镇街道' },
  { value: 'team', label: '招商队' },
];

// regionLevel is only read for units; the OpenAPI document marks it required (it has a default), so teams send the default.
function scopeQuery(scope: Scope): { level: 'team' | 'unit'; regionLevel: 'county' | 'township' } {
  return scope === 'team' ? { level: 'team', regionLevel: 'county' } : { level: 'unit', regionLevel: scope };
}

const score = (n: number) => n.toFixed(2);

/** Rows per page of the preview, as the server pages it (GET /rankings/preview: limit ≤ 200). */
const PAGE_SIZES = [50, 100, 200];

type Formula = Schemas['ScoringFormulaView'];

/** A figure behind a score: 完成 / 目标 and the completion, or — where the row has no target for it. */
function Figure({ row, metric }: { row: RankingRow; metric: Metric }) {
  const p = row.metrics.find((m) => m.metric === metric);
  if (!p) return <Typography.Text type="secondary">未下达</Typography.Text>;
  return (
    <span style={{ whiteSpace: 'nowrap' }} data-testid="ranking-figure">
      {formatMetric(metric, p.actual)} / {formatMetric(metric, p.target)}
      <br />
      <Typography.Text type="secondary">{p.completion}%</Typography.Text>
    </span>
  );
}

/**
 * The rows of a ranking (or one page of them: `count` is how many the whole ranking has): rank and total, then for every item the formula scores the figures
 * behind it (完成 / 目标, completion) and its points; a row opens every metric against 序时进度.
 */
function RankingTable({ rows, count, elapsed, level, formula, pagination = false, loading }: { rows: RankingRow[]; count: number; elapsed: string; level: 'team' | 'unit'; formula: Formula; pagination?: TablePaginationConfig | false; loading?: boolean }) {
  const items = scoringItems(formula);
  const points = (r: RankingRow, key: string) => (key === 'signing' ? r.score.signing : ((r.score.metrics as Partial<Record<string, number>>)[key] ?? 0));
  return (
    <ResponsiveTable<RankingRow>
      size="middle"
      bordered
      rowKey={(r) => r.assignee.id}
      dataSource={rows}
      pagination={pagination}
      loading={loading}
      scroll={{ x: 400 + items.reduce((w, i) => w + 150 * i.metrics.length + 80, 0) }}
      onRow={(r) => ({ 'data-testid': 'ranking-row', 'data-assignee': r.assignee.name }) as never}
      expandable={{ expandedRowRender: (r) => <MetricsTable metrics={r.metrics} elapsed={elapsed} /> }}
      columns={[
        {
          title: '名次',
          key: 'rank',
          width: 70,
          fixed: 'left',
          render: (_, r) => <Tag color={r.rank <= 3 ? 'gold' : r.rank > count - 3 && count > 6 ? 'default' : undefined}>{r.rank}</Tag>,
        },
        { title: level === 'team' ? '招商队' : '区域单位', key: 'name', fixed: 'left', render: (_, r) => r.assignee.name },
        { title: '总分', key: 'total', render: (_, r) => <Typography.Text strong>{score(r.score.total)}</Typography.Text> },
        ...items.map((item) => ({
          title: `${item.label}（${item.weight}分）`,
          key: item.key,
          children: [
            ...item.metrics.map((m) => ({ title: `${METRIC_SHORT[m]} 完成/目标`, key: `${item.key}:${m}`, align: 'right' as const, render: (_: unknown, r: RankingRow) => <Figure row={r} metric={m} /> })),
            { title: '得分', key: `${item.key}:points`, align: 'right' as const, render: (_: unknown, r: RankingRow) => score(points(r, item.key)) },
          ],
        })),
        { title: '扣分', key: 'deduct', align: 'right', render: (_, r) => (r.score.bandPenalty + r.score.deduction > 0 ? <Typography.Text type="danger">−{score(r.score.bandPenalty + r.score.deduction)}</Typography.Text> : '0') },
      ]}
    />
  );
}

/** 计分方法: the formula the scores were computed by, in the server's words and numbers. */
function ScoringMethod({ formula, text }: { formula: Formula; text: string }) {
  return (
    <Collapse
      size="small"
      style={{ marginBottom: 12 }}
      items={[
        {
          key: 'method',
          label: '计分方法',
          children: (
            <div data-testid="scoring-method">
              <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{text.replace(/([；。])(?=.)/g, '$1\n')}</Typography.Paragraph>
              <Table<MethodRow>
                size="small"
                rowKey="item"
                pagination={false}
                dataSource={methodRows(formula)}
                columns={[
                  { title: '计分项目', dataIndex: 'item' },
                  { title: '分值', dataIndex: 'points', align: 'right' },
                  { title: '计算方法', dataIndex: 'rule' },
                ]}
              />
            </div>
          ),
        },
      ]}
    />
  );
}

/**
 * 通报排名: a trial ranking on today's figures for a period and level (admins every row, managers
 * the rows of their scope with the full ranking's ranks), which an admin publishes; the published
 * ones stay as circulated, each with its .xlsx (A4 landscape, as the 招商局 prints it), and are
 * for everyone: members see only those.
 */
export default function RankingsPage() {
  const { user } = useAuth();
  const isAdmin = user?.role === 'admin';
  const isMember = user?.role === 'member';
  const [message, toastHolder] = toast.useMessage();
  const [params, setParams] = useSearchParams();
  const period: Period = parsePeriodKey(params.get('period')) ?? currentPeriod();
  const scope: Scope = (SCOPES.find((s) => s.value === params.get('level'))?.value ?? 'county') as Scope;
  const tab = isMember || params.get('tab') === 'published' ? 'published' : 'preview';
  const set = (patch: Record<string, string>) => setParams((prev) => ({ ...Object.fromEntries(prev), ...patch }), { replace: true });
  const [publishing, setPublishing] = useState(false);
  const [viewing, setViewing] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);

  const query = { ...periodQuery(period), ...scopeQuery(scope) };
  // The preview comes a page at a time (3,000 teams are 6.4 MB at once): the header and 合计 of the
  // whole ranking with the rows of the page shown; print and .xlsx take every row.
  const [search, setSearch] = useState('');
  // Another period, level or search starts again on its first page.
  const listKey = `${periodKey(period)}|${scope}|${search}`;
  const [paging, setPaging] = useState({ listKey, page: 1, pageSize: PAGE_SIZES[0]! });
  const page = paging.listKey === listKey ? paging.page : 1;
  const pageQuery = { ...query, offset: (page - 1) * paging.pageSize, limit: paging.pageSize, ...(search ? { q: search } : {}) };
  // Members are not asked for a preview (the service answers them 403).
  const preview = useLoad(
    () => (isMember ? Promise.resolve(undefined) : ok(api.GET('/api/v1/rankings/preview', { params: { query: pageQuery } }))),
    [listKey, isMember, page, paging.pageSize],
  );
  const published = useLoad(() => ok(api.GET('/api/v1/rankings')), []);

  const download = async (key: string, url: string, fallback: string) => {
    setDownloading(key);
    try {
      const name = await downloadFile(url, fallback);
      message.success(`已下载「${name}」`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setDownloading(null);
    }
  };

  const previewXlsxUrl = () => {
    const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    return `/api/v1/rankings/preview.xlsx?${q}`;
  };

  const noTargets = preview.error?.code === 'RANKING_NO_TARGETS';
  const previewPanel = (
    <div data-testid="ranking-preview">
      {preview.error && !noTargets && <Alert type="error" showIcon title={preview.error.message} style={{ marginBottom: 12 }} />}
      {noTargets ? (
        <Empty description={`${periodLabel(period)}没有向${SCOPES.find((s) => s.value === scope)!.label}下达指标，无法排名`} />
      ) : (
        preview.data && (
          <>
            <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
              <div>
                <Typography.Text strong>{preview.data.title}</Typography.Text>
                <Typography.Text type="secondary">（试算，未发布）· 数据统计截至 {formatDateTime(preview.data.asOf)}</Typography.Text>
              </div>
              <Space wrap>
                <Button icon={<DownloadOutlined />} loading={downloading === 'preview'} onClick={() => void download('preview', previewXlsxUrl(), `${preview.data!.title}.xlsx`)}>
                  下载试算表
                </Button>
                <PrintButton to={withQuery('/print/ranking/preview', query)} />
                {isAdmin && (
                  <Button type="primary" icon={<SendOutlined />} onClick={() => setPublishing(true)} data-testid="publish-open">
                    发布排名
                  </Button>
                )}
              </Space>
            </Space>
            {!isAdmin && (
              <Typography.Paragraph type="secondary" data-testid="preview-scope-note">
                只列出你分管范围内的{scope === 'team' ? '招商队' : '区域单位（整体在分管范围内的）'}；名次、得分与全体排名相同，即发布后通报中的名次。
              </Typography.Paragraph>
            )}
            <div style={{ marginBottom: 8 }}>
              <ProgressLegend elapsed={preview.data.timeElapsed} />
            </div>
            <ScoringMethod formula={preview.data.formula} text={preview.data.formulaText} />
            <Input.Search
              allowClear
              aria-label="查找"
              placeholder={`按${scope === 'team' ? '招商队' : '区域单位'}名称查找`}
              style={{ maxWidth: 320, marginBottom: 12 }}
              maxLength={50}
              onSearch={(v) => setSearch(v.trim())}
              data-testid="ranking-search"
            />
            <RankingTable
              rows={preview.data.rows}
              count={preview.data.totals.units}
              elapsed={preview.data.timeElapsed}
              level={preview.data.level}
              formula={preview.data.formula}
              loading={preview.loading}
              pagination={{
                current: page,
                pageSize: paging.pageSize,
                total: preview.data.page.total,
                pageSizeOptions: PAGE_SIZES,
                showSizeChanger: true,
                hideOnSinglePage: true,
                showTotal: (total, [from, to]) => `第 ${from}–${to} 行，共 ${total} 行${search ? `（名称含「${search}」）` : ''}`,
                onChange: (next, pageSize) => setPaging({ listKey, page: pageSize === paging.pageSize ? next : 1, pageSize }),
              }}
            />
          </>
        )
      )}
    </div>
  );

  const publishedPanel = (
    <div data-testid="ranking-published">
      {published.error && <Alert type="error" showIcon title={published.error.message} style={{ marginBottom: 12 }} />}
      <ResponsiveTable<PublishedRanking>
        size="middle"
        rowKey="id"
        loading={published.loading}
        dataSource={published.data ?? []}
        locale={{ emptyText: '尚未发布排名' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        onRow={(r) => ({ 'data-testid': 'published-row', 'data-id': r.id }) as never}
        columns={[
          { title: '标题', dataIndex: 'title', render: (t: string, r) => <Typography.Link onClick={() => setViewing(r.id)}>{t}</Typography.Link> },
          { title: '期间', key: 'period', render: (_, r) => r.periodLabel },
          { title: '层级', key: 'level', render: (_, r) => (r.level === 'team' ? '招商队' : '区域单位') },
          { title: '序时进度', key: 'elapsed', render: (_, r) => `${r.timeElapsed}%` },
          { title: '发布时间', key: 'at', render: (_, r) => formatDateTime(r.publishedAt) },
          {
            title: '操作',
            key: 'actions',
            render: (_, r) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setViewing(r.id)}>
                  查看
                </Button>
                <Button
                  size="small"
                  type="link"
                  icon={<DownloadOutlined />}
                  loading={downloading === r.id}
                  onClick={() => void download(r.id, `/api/v1/rankings/${r.id}/xlsx`, `${r.title}.xlsx`)}
                  data-testid="download-xlsx"
                >
                  下载 .xlsx
                </Button>
                <PrintButton to={`/print/ranking/${r.id}`} type="link" size="small" />
              </Space>
            ),
          },
        ]}
      />
    </div>
  );

  return (
    <div>
      {toastHolder}
      <div className="page-head">
        <Typography.Title level={4}>通报排名</Typography.Title>
        <Space wrap>
          {!isMember && <PeriodPicker value={period} onChange={(p) => set({ period: periodKey(p) })} />}
          {!isMember && <Select aria-label="排名层级" style={{ width: 120 }} value={scope} onChange={(v) => set({ level: v })} options={SCOPES} />}
          <Button
            icon={<ReloadOutlined />}
            loading={preview.loading || published.loading}
            onClick={() => {
              preview.reload();
              published.reload();
            }}
          >
            刷新
          </Button>
        </Space>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k })}
        items={[
          ...(isMember ? [] : [{ key: 'preview', label: '试算排名', children: previewPanel }]),
          { key: 'published', label: `已发布${published.data ? `（${published.data.length}）` : ''}`, children: publishedPanel },
        ]}
      />
      {publishing && preview.data && (
        <PublishDialog
          defaultTitle={preview.data.title}
          query={query}
          onCancel={() => setPublishing(false)}
          onDone={(r) => {
            setPublishing(false);
            message.success(`已发布「${r.title}」`);
            published.reload();
            set({ tab: 'published' });
          }}
        />
      )}
      {viewing && <PublishedDialog id={viewing} onClose={() => setViewing(null)} />}
    </div>
  );
}

/** 发布: the title as it will be circulated; the figures are recomputed on publishing. */
function PublishDialog({ defaultTitle, query, onDone, onCancel }: { defaultTitle: string; query: ReturnType<typeof periodQuery> & ReturnType<typeof scopeQuery>; onDone: (r: PublishedRankingDetail) => void; onCancel: () => void }) {
  const [form] = Form.useForm<{ title: string }>();
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const submit = ({ title }: { title: string }) => {
    inFlight.current ??= (async () => {
      setSaving(true);
      clearFieldErrors(form);
      setProblem(undefined);
      try {
        onDone(await ok(api.POST('/api/v1/rankings', { body: { ...query, title: title.trim() } })));
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message: String(e) });
        const rest = showFieldErrors(form, err, ['title']);
        setProblem(err.fieldErrors.length ? rest.join('；') || undefined : err.message);
      } finally {
        setSaving(false);
        inFlight.current = null;
      }
    })();
    return inFlight.current;
  };
  return (
    <Modal open title="发布通报排名" okText="发布" cancelText="取消" confirmLoading={saving} okButtonProps={{ 'data-testid': 'publish-submit' } as never} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden>
      <Typography.Paragraph type="secondary">发布时按最新数据重新计算并存档，发布后的排名不再变化。</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ title: defaultTitle }} onFinish={submit}>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200, message: '标题最多 200 字' }]}>
          <Input maxLength={200} showCount />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}

function PublishedDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const r = useLoad(() => ok(api.GET('/api/v1/rankings/{id}', { params: { path: { id } } })), [id]);
  return (
    <Modal open width={1200} title={r.data?.title ?? '通报排名'} footer={null} onCancel={onClose}>
      {r.error && <Alert type="error" showIcon title={r.error.message} />}
      {r.data && (
        <>
          <Typography.Paragraph type="secondary">
            发布于 {formatDateTime(r.data.publishedAt)} · 序时进度 {r.data.timeElapsed}% · 数据统计截至 {formatDateTime(r.data.asOf)}
          </Typography.Paragraph>
          <ScoringMethod formula={r.data.formula} text={r.data.formulaText} />
          <RankingTable rows={r.data.rows} count={r.data.rows.length} elapsed={r.data.timeElapsed} level={r.data.level} formula={r.data.formula} />
        </>
      )}
    </Modal>
  );
}
