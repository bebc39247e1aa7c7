import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Empty, message as toast, Select, Space, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { TargetView } from '../../api/views';
import { useAuth } from '../../auth/AuthProvider';
import { currentPeriod, parsePeriodKey, parseUpToMonth, periodKey, periodLabel, periodQuery, type Period } from '../../components/period';
import { PeriodPicker } from '../../components/PeriodPicker';
import { beijingDate, formatDate } from '../../format/date';
import { MetricValue } from '../../components/MetricValue';
import { metricHeader, METRIC_SHORT, METRICS } from '../../format/metrics';
import { ProgressPanel } from './ProgressPanel';
import { nest, type TreeRow } from './tree';
import { withQuery, xlsxUrl } from '../../print/query';
import { ReportActions } from '../../print/ReportActions';
import '../../format/calendar';
import { ResponsiveTable } from '../../components/ResponsiveTable';

const AssignDialog = lazy(() => import('./AssignDialog'));
const SplitDrawer = lazy(() => import('./SplitDrawer'));

type Tab = 'progress' | 'targets';

/**
 * 指标任务: the period's targets with their split, and everyone's progress against them and
 * against 序时进度. Admins assign (下达) and split; managers split the unit targets they
 * oversee (the service decides) and follow progress.
 */
export default function TargetsPage() {
  const { user } = useAuth();
  const isAdmin = user?.role === 'admin';
  const [message, toastHolder] = toast.useMessage();
  const [params, setParams] = useSearchParams();
  const period: Period = parsePeriodKey(params.get('period')) ?? currentPeriod();
  const tab: Tab = params.get('tab') === 'targets' ? 'targets' : 'progress';
  const key = periodKey(period);
  const setPeriod = (p: Period) => setParams((prev) => ({ ...Object.fromEntries(prev), period: periodKey(p) }), { replace: true });
  const setTab = (t: Tab) => setParams((prev) => ({ ...Object.fromEntries(prev), tab: t }), { replace: true });
  const [assigning, setAssigning] = useState(false);
  const [editing, setEditing] = useState<TargetView | null>(null);
  const [splitting, setSplitting] = useState<TargetView | null>(null);

  const targets = useLoad(() => ok(api.GET('/api/v1/targets', { params: { query: periodQuery(period) } })), [key]);
  // Progress over 1–N月 of a year (通报), and as of a date (数据截至, default today): the progress tab only.
  const upTo = period.periodType === 'year' ? parseUpToMonth(params.get('upTo')) : undefined;
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(params.get('asOf') ?? '') ? params.get('asOf')! : undefined;
  const setReport = (next: { upTo?: number; asOf?: string }) =>
    setParams(
      (prev) => {
        const all = { ...Object.fromEntries(prev), upTo: next.upTo ? String(next.upTo) : '', asOf: next.asOf ?? '' };
        return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== ''));
      },
      { replace: true },
    );
  const progressQuery = { ...(upTo ? { periodType: 'ytd' as const, year: period.year, month: upTo } : periodQuery(period)), ...(asOf ? { asOf } : {}) };
  const progress = useLoad(() => ok(api.GET('/api/v1/targets/progress', { params: { query: progressQuery } })), [key, upTo, asOf]);
  const reload = () => {
    targets.reload();
    progress.reload();
  };

  const tree = nest(targets.data ?? [], (t) => t.id, (t) => t.parentId);
  const canEdit = (t: TargetView) => isAdmin || (user?.role === 'manager' && t.parentId !== null);
  const canSplit = (t: TargetView) => t.assignee.type === 'unit' && (isAdmin || user?.role === 'manager');

  const targetsTable = (
    <div data-testid="targets-panel">
      {!targets.data ? null : targets.data.length === 0 ? (
        <Empty description={`${periodLabel(period)}尚未下达指标`}>
          {isAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAssigning(true)}>
              下达指标
            </Button>
          )}
        </Empty>
      ) : (
        <ResponsiveTable<TreeRow<TargetView>>
          key={key}
          size="middle"
          loading={targets.loading}
          dataSource={tree}
          pagination={false}
          scroll={{ x: 1300 }}
          expandable={{ defaultExpandAllRows: true }}
          onRow={(t) => ({ 'data-testid': 'target-row', 'data-assignee': t.assignee.name }) as never}
          columns={[
            {
              title: '单位 / 招商队',
              key: 'name',
              fixed: 'left',
              width: 240,
              render: (_, t) => (
                <Space size={4} wrap>
                  <span>{t.assignee.name}</span>
                  <Tag>{t.assignee.type === 'unit' ? '区域' : '招商队'}</Tag>
                  {t.parentId && <Tag color="blue">分解</Tag>}
                  {t.isStretch && <Tag color="orange">加压</Tag>}
                </Space>
              ),
            },
            ...METRICS.map((m) => {
              const { title, unit } = metricHeader(m, METRIC_SHORT[m], (targets.data ?? []).map((t) => t.values[m]));
              return { title, key: m, render: (_: unknown, t: TargetView) => <MetricValue metric={m} value={t.values[m]} unit={unit} bare /> };
            }),
            { title: '更新', key: 'updatedAt', render: (_, t) => formatDate(t.updatedAt) },
            {
              title: '操作',
              key: 'actions',
              fixed: 'right',
              width: 130,
              render: (_, t) => (
                <Space size={4}>
                  {canSplit(t) && (
                    <Button size="small" type="link" onClick={() => setSplitting(t)} data-testid="split-open">
                      分解
                    </Button>
                  )}
                  {canEdit(t) && (
                    <Button size="small" type="link" onClick={() => setEditing(t)}>
                      修改
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
    </div>
  );

  return (
    <div>
      {toastHolder}
      <div className="page-head">
        <Typography.Title level={4}>指标任务</Typography.Title>
        <Space wrap>
          <PeriodPicker value={period} onChange={setPeriod} />
          {tab === 'progress' && (
            <>
              {period.periodType === 'year' && (
                <Select<number>
                  aria-label="报告期"
                  style={{ width: 110 }}
                  value={upTo ?? 0}
                  onChange={(m) => setReport({ upTo: m || undefined, asOf })}
                  options={[{ value: 0, label: '全年' }, ...Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: i === 0 ? '1月' : `1–${i + 1}月` }))]}
                />
              )}
              <DatePicker
                aria-label="数据截至"
                placeholder="数据截至（今天）"
                format="YYYY年M月D日"
                inputReadOnly
                value={asOf ? dayjs(asOf) : null}
                disabledDate={(d) => d.isAfter(dayjs(beijingDate()), 'day')}
                onChange={(d) => setReport({ upTo, asOf: d ? d.format('YYYY-MM-DD') : undefined })}
              />
            </>
          )}
          <Button icon={<ReloadOutlined />} onClick={reload} loading={targets.loading || progress.loading}>
            刷新
          </Button>
          {tab === 'progress' && (
            <>
              <ReportActions label="（按单位）" printTo={withQuery('/print/completion', { ...progressQuery, level: 'unit' })} xlsx={{ url: xlsxUrl('/api/v1/targets/completion.xlsx', { ...progressQuery, level: 'unit' }), name: '指标任务完成情况（按区域单位）.xlsx' }} />
              <ReportActions label="（按招商队）" printTo={withQuery('/print/completion', { ...progressQuery, level: 'team' })} xlsx={{ url: xlsxUrl('/api/v1/targets/completion.xlsx', { ...progressQuery, level: 'team' }), name: '指标任务完成情况（按招商队）.xlsx' }} />
            </>
          )}
          {isAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAssigning(true)} data-testid="assign-open">
              下达指标
            </Button>
          )}
        </Space>
      </div>
      {(tab === 'progress' ? progress.error : targets.error) && <Alert type="error" showIcon title={(tab === 'progress' ? progress.error : targets.error)!.message} style={{ marginBottom: 12 }} />}
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={[
          { key: 'progress', label: '完成进度', children: <ProgressPanel report={progress.data} loading={progress.loading} /> },
          { key: 'targets', label: '下达与分解', children: targetsTable },
        ]}
      />
      <Suspense fallback={null}>
        {(assigning || editing) && (
          <AssignDialog
            period={period}
            editing={editing ?? undefined}
            onCancel={() => {
              setAssigning(false);
              // Someone may have changed it meanwhile (a 409 says so): show the list as it is now.
              if (editing) targets.reload();
              setEditing(null);
            }}
            onDone={(t) => {
              message.success(editing ? `已修改「${t.assignee.name}」的指标` : `已向「${t.assignee.name}」下达${t.period.label}指标`);
              setAssigning(false);
              setEditing(null);
              setTab('targets');
              reload();
            }}
          />
        )}
        {splitting && (
          <SplitDrawer
            target={splitting}
            onClose={() => setSplitting(null)}
            onSaved={(d) => {
              message.success(`「${d.assignee.name}」的指标已分解到 ${d.children.length} 支招商队`);
              setSplitting(null);
              reload();
            }}
          />
        )}
      </Suspense>
    </div>
  );
}

