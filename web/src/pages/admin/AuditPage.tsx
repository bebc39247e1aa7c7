import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { usePaged } from '../../api/paged';
import { Link } from 'react-router';
import { useAuth } from '../../auth/AuthProvider';
import { formatDateTime } from '../../format/date';
import { fieldLabel, fieldValue } from '../../format/field-labels';
import '../../format/calendar';
import { subjectPath } from '../../notifications/subject-route';

/** One audit record, with the names of its actor, its record and the records its changes point at. */
type AuditEntry = Schemas['AuditLogEntryView'];

const ENTITY: Record<string, string> = {
  enterprise: '企业',
  'enterprise-contact': '企业联系人',
  'enterprise-export': '企业库导出',
  interaction: '对接记录',
  lead: '线索',
  'lead-claim': '撞单申请',
  signing: '签约',
  'signing-event': '签约活动',
  project: '项目',
  'project-problem': '项目问题',
  target: '指标',
  ranking: '通报排名',
  region: '行政区划',
  team: '招商队',
  user: '用户',
  'industry-chain': '产业链',
  'source-region': '招商区域',
  webhook: 'Webhook',
  'login-lock': '登录锁定',
};
const ACTION: Record<string, string> = {
  create: '新建',
  update: '修改',
  delete: '删除',
  archive: '归档',
  restore: '恢复',
  merge: '合并',
  import: '导入',
  export: '导出',
  publish: '发布',
  transition: '阶段变更',
  sign: '签约',
  rollup: '入库',
  withdraw: '撤回',
  'set-scope': '设置分管范围',
  'set-node': '更新节点',
  'set-plan': '年度计划',
  'report-progress': '填报进度',
  lock: '锁定登录',
  unlock: '解除锁定',
  'add-member': '加入队员',
  'remove-member': '移出队员',
  'change-password': '修改密码',
  'co-pursue': '联合跟进',
  'co-team-share': '调整分成',
  'complete-follow-up': '完成跟进',
  'merged-into': '并入',
  'record-start': '记录开工',
  'report-funds': '填报到位资金',
  interrupt: '中断',
  approve: '同意',
  reject: '驳回',
  correct: '更正',
};

/** The record's own id, stamped on creation: the 记录 column already names the record. */
const changedFields = (e: AuditEntry): string[] => Object.keys(e.changes ?? {}).filter((f) => f !== 'id');

/** 操作日志: who changed what and when, with each field's before and after; filter by object, action and time. */
export default function AuditPage() {
  const { user } = useAuth();
  const [entity, setEntity] = useState<string>();
  const [action, setAction] = useState<string>();
  const [entityId, setEntityId] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const from = range?.[0]?.startOf('day').toISOString();
  const to = range?.[1]?.add(1, 'day').startOf('day').toISOString();
  const id = entityId.trim();
  const log = usePaged(
    (cursor) =>
      ok(
        api.GET('/api/v1/audit', { params: { query: { cursor, limit: 50, ...(entity ? { entity } : {}), ...(action ? { action } : {}), ...(id ? { entityId: id } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) } } }),
      ),
    [entity, action, id, from, to],
  );

  return (
    <div>
      <div className="page-head">
        <Typography.Title level={4}>操作日志</Typography.Title>
        <Space wrap>
          <Select aria-label="对象" allowClear placeholder="全部对象" style={{ width: 140 }} value={entity} onChange={setEntity} options={Object.entries(ENTITY).map(([value, label]) => ({ value, label }))} />
          <Select aria-label="操作" allowClear placeholder="全部操作" style={{ width: 130 }} value={action} onChange={setAction} options={Object.entries(ACTION).map(([value, label]) => ({ value, label }))} />
          <Input.Search aria-label="对象编号" placeholder="对象编号" allowClear style={{ width: 200 }} onSearch={setEntityId} />
          <DatePicker.RangePicker placeholder={['开始日期', '结束日期']} value={range} onChange={(v) => setRange(v)} format="YYYY年M月D日" />
          <Button icon={<ReloadOutlined />} onClick={log.reload} loading={log.loading}>
            刷新
          </Button>
        </Space>
      </div>
      {log.error && <Alert type="error" showIcon title={log.error.message} style={{ marginBottom: 12 }} />}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={log.loading}
        dataSource={log.items}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: '没有符合条件的记录' }}
        expandable={{
          rowExpandable: (e) => changedFields(e).length > 0,
          expandedRowRender: (e) => (
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={changedFields(e).map((field) => [field, e.changes[field]] as const).map(([field, c]) => ({ key: field, field: fieldLabel(field, e.entity), from: fieldValue(field, c?.from, e.names, e.entity), to: fieldValue(field, c?.to, e.names, e.entity) }))}
              columns={[
                { title: '字段', dataIndex: 'field', width: 180 },
                { title: '原值', dataIndex: 'from', render: (v: string) => <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>{v}</Typography.Text> },
                { title: '新值', dataIndex: 'to', render: (v: string) => <span style={{ wordBreak: 'break-all' }}>{v}</span> },
              ]}
            />
          ),
        }}
        columns={[
          { title: '时间', key: 'at', width: 190, render: (_, e) => formatDateTime(e.at) },
          {
            title: '操作人',
            key: 'actor',
            render: (_, e) =>
              e.actorId === null ? '系统' : (
                <span title={e.actorName ? `登录名：${e.actorName}` : undefined}>{e.actorDisplayName ?? e.actorName ?? '已删除的用户'}</span>
              ),
          },
          { title: '操作', key: 'action', render: (_, e) => ACTION[e.action] ?? e.action },
          { title: '对象', key: 'entity', render: (_, e) => ENTITY[e.entity] ?? e.entity },
          {
            title: '记录',
            key: 'subject',
            render: (_, e) => {
              const path = user ? subjectPath(e.subject.linkType, e.subject.linkId, user.role) : null;
              const name = e.subject.name ?? (e.entity.endsWith('-export') || e.entity.endsWith('-import') ? '—' : '（已删除）');
              return (
                <Typography.Text copyable={{ text: e.entityId, tooltips: ['复制编号', '已复制'] }} data-testid="audit-subject">
                  {path && e.subject.name ? <Link to={path}>{name}</Link> : name}
                </Typography.Text>
              );
            },
          },
          { title: '变更字段', key: 'fields', render: (_, e) => changedFields(e).map((f) => fieldLabel(f, e.entity)).join('、') || '—' },
        ]}
      />
      {log.hasMore && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={log.loadMore} loading={log.loading}>
            加载更多
          </Button>
        </div>
      )}
    </div>
  );
}
