import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, message as toast, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import { formatDateTime } from '../../format/date';

/** A failed job as GET /admin/queues/:queue/failed lists it. */
type FailedJob = Schemas['FailedJobView'];

const QUEUE: Record<string, string> = { reminders: '跟进提醒', notifications: '通知推送', registry: '签约项目入库', sweeps: '定时巡检（逾期、闲置、周报）' };
const BACKEND: Record<string, string> = { postgres: 'PostgreSQL 队列', redis: 'Redis 队列（BullMQ）' };
const REFRESH_MS = 15_000;

/** GET /admin/queues: the last reconciliation of the queue against the database. */
type Reconciliation = Schemas['QueueReconciliationView'];

/** “上次核对：… 补发签约入库 3 条，补发跟进提醒 5 条，恢复定时任务 2 个”, or that nothing was missing. */
function reconciliationText(r: Reconciliation): string {
  const found = [
    r.rollups ? `补发签约入库 ${r.rollups} 条` : '',
    r.followUps ? `补发跟进提醒 ${r.followUps} 条` : '',
    r.schedules ? `恢复定时任务 ${r.schedules} 个` : '',
  ].filter(Boolean);
  return `上次核对：${formatDateTime(r.ranAt)}，${found.length ? found.join('，') : '队列与数据库一致，无需补发'}`;
}

/** 后台任务: how many jobs each queue holds in each state, refreshing by itself; failed jobs with their error, to retry. */
export default function QueuesPage() {
  const [message, toastHolder] = toast.useMessage();
  const counts = useLoad(() => ok(api.GET('/api/v1/admin/queues')), []);
  useEffect(() => {
    const timer = setInterval(counts.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [counts.reload]);
  const rows = counts.data?.queues ?? [];
  const failedTotal = rows.reduce((n, q) => n + (q.counts.failed ?? 0), 0);

  return (
    <div>
      {toastHolder}
      <div className="page-head">
        <div>
          <Typography.Title level={4}>后台任务</Typography.Title>
          {counts.data && (
            <Typography.Text type="secondary">
              {BACKEND[counts.data.backend] ?? counts.data.backend} · 每 15 秒自动刷新
            </Typography.Text>
          )}
        </div>
        <Button icon={<ReloadOutlined />} onClick={counts.reload} loading={counts.loading}>
          刷新
        </Button>
      </div>
      {counts.error && <Alert type="error" showIcon title={counts.error.message} style={{ marginBottom: 12 }} />}
      {counts.data && (
        <Alert
          type={failedTotal ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          title={failedTotal ? `有 ${failedTotal} 个任务失败，展开所在队列查看原因并重试` : '各队列运行正常，没有失败的任务'}
          data-testid="queue-health"
        />
      )}
      {counts.data?.lastReconciliation && (
        <Alert
          type={counts.data.lastReconciliation.rollups || counts.data.lastReconciliation.followUps || counts.data.lastReconciliation.schedules ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={reconciliationText(counts.data.lastReconciliation)}
          description="以数据库为准核对队列：队列数据丢失（如 Redis 重启）时补回签约入库、跟进提醒和定时任务。"
          data-testid="queue-reconciliation"
        />
      )}
      <Table
        rowKey="queue"
        size="middle"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 800 }}
        expandable={{
          rowExpandable: (q) => (q.counts.failed ?? 0) > 0,
          expandedRowRender: (q) => <FailedJobs queue={q.queue} onRetried={(id) => { message.success(`已重新排队任务 ${id}`); counts.reload(); }} />,
        }}
        columns={[
          { title: '队列', key: 'queue', render: (_, q) => <span>{QUEUE[q.queue] ?? q.queue} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{q.queue}</Typography.Text></span> },
          { title: '等待', key: 'waiting', render: (_, q) => (q.counts.waiting ?? 0) + (q.counts.prioritized ?? 0) },
          { title: '执行中', key: 'active', render: (_, q) => q.counts.active ?? 0 },
          { title: '延迟', key: 'delayed', render: (_, q) => q.counts.delayed ?? 0 },
          { title: '已完成', key: 'completed', render: (_, q) => q.counts.completed ?? 0 },
          { title: '失败', key: 'failed', render: (_, q) => ((q.counts.failed ?? 0) > 0 ? <Tag color="error">{q.counts.failed}</Tag> : 0) },
        ]}
      />
    </div>
  );
}

function FailedJobs({ queue, onRetried }: { queue: string; onRetried: (id: string) => void }) {
  const jobs = useLoad(() => ok(api.GET('/api/v1/admin/queues/{queue}/failed', { params: { path: { queue } } })), [queue]);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [problem, setProblem] = useState<string>();
  const retry = async (id: string) => {
    setRetrying(id);
    setProblem(undefined);
    try {
      await ok(api.POST('/api/v1/admin/queues/{queue}/jobs/{jobId}/retry', { params: { path: { queue, jobId: id } } }));
      onRetried(id);
      jobs.reload();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : String(e));
    } finally {
      setRetrying(null);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {(jobs.error || problem) && <Alert type="error" showIcon title={problem ?? jobs.error!.message} />}
      <Table<FailedJob>
        rowKey="id"
        size="small"
        loading={jobs.loading}
        dataSource={jobs.data ?? []}
        pagination={false}
        columns={[
          { title: '任务', key: 'name', render: (_, j) => `${j.name} #${j.id}` },
          { title: '失败原因', dataIndex: 'failedReason', render: (v: string) => <Typography.Text type="danger" style={{ wordBreak: 'break-all' }}>{v}</Typography.Text> },
          { title: '已尝试', key: 'attempts', render: (_, j) => `${j.attemptsMade} 次` },
          { title: '失败时间', key: 'at', render: (_, j) => formatDateTime(j.failedAt) },
          {
            title: '',
            key: 'retry',
            // BullMQ types a job's id as optional; a failed job listed here always has one.
            render: (_, { id }) =>
              id ? (
                <Button size="small" loading={retrying === id} onClick={() => void retry(id)}>
                  重试
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
