import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, message as toast, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, showFieldErrors } from '../../api/form-errors';
import { useLoad } from '../../api/hooks';
import { usePaged } from '../../api/paged';
import type { LeadView } from '../../api/views';
import { formatDate } from '../../format/date';
import { ReportActions } from '../../print/ReportActions';
import { withQuery, xlsxUrl } from '../../print/query';
import { Amount } from '../../components/Amount';
import { amountTitle, amountUnit } from '../../format/money';
import { OverdueTag } from './OverdueTag';

/** The service puts 「保护期满释放：」 (7 characters) before the reason, in a 500-character column. */
const REASON_MAX = 493;

/**
 * 闲置线索: leads with no interaction for longer than the protection period (保护期). A manager
 * of the owning team may release one (it ends as 终止), so the enterprise and chain are free
 * for another team to register first.
 */
export default function IdleLeadsPage() {
  const [message, toastHolder] = toast.useMessage();
  const [teamId, setTeamId] = useState<string>();
  const [releasing, setReleasing] = useState<LeadView | null>(null);
  const teams = useLoad(() => ok(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } })), []);
  const leads = usePaged(
    (cursor) => ok(api.GET('/api/v1/leads', { params: { query: { idle: 'true', cursor, limit: 50, sort: 'updatedAt', order: 'asc', ...(teamId ? { teamId } : {}) } } })),
    [teamId],
  );

  const unit = amountUnit(leads.items.map((l) => l.intendedAmount));
  return (
    <div>
      {toastHolder}
      <div className="page-head">
        <div>
          <Typography.Title level={4}>闲置线索</Typography.Title>
          <Typography.Text type="secondary">超过保护期无对接的线索；释放后该企业该产业链可由其他招商队重新首报。</Typography.Text>
        </div>
        <Space wrap>
          <Select
            aria-label="招商队"
            allowClear
            placeholder="全部招商队"
            style={{ minWidth: 200 }}
            value={teamId}
            onChange={setTeamId}
            showSearch={{ optionFilterProp: 'label' }}
            options={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
          />
          <ReportActions
            label="闲置线索"
            printTo={withQuery('/print/leads', { scope: 'region', idle: 'true', teamId })}
            xlsx={{ url: xlsxUrl('/api/v1/leads/export.xlsx', { scope: 'region', idle: 'true', teamId }), name: '闲置线索.xlsx' }}
          />
          <Button icon={<ReloadOutlined />} onClick={leads.reload} loading={leads.loading}>
            刷新
          </Button>
        </Space>
      </div>
      {leads.error && <Alert type="error" showIcon title={leads.error.message} style={{ marginBottom: 12 }} />}
      <Table<LeadView>
        rowKey="id"
        size="middle"
        loading={leads.loading}
        dataSource={leads.items}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: '没有超过保护期的线索' }}
        onRow={(l) => ({ 'data-testid': 'idle-row', 'data-lead-id': l.id }) as never}
        columns={[
          {
            title: '项目 / 企业',
            key: 'title',
            render: (_, l) => (
              <div>
                <div>
                  <Link to={`/leads/${l.id}`}>{l.title}</Link> {l.isAnchor && <Tag color="gold">牵引性</Tag>} <OverdueTag lead={l} />
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l.enterprise.name} · {l.industryChain.name}
                </Typography.Text>
              </div>
            ),
          },
          { title: '招商队 / 负责人', key: 'team', render: (_, l) => `${l.team.name} · ${l.owner.name}` },
          { title: '阶段', key: 'stage', render: (_, l) => <Tag>{l.stageLabel}</Tag> },
          { title: amountTitle('意向投资', unit), key: 'amount', align: 'right', render: (_, l) => <Amount value={l.intendedAmount} unit={unit} bare /> },
          { title: '最近对接', key: 'last', render: (_, l) => formatDate(l.lastActivityAt) },
          { title: '无对接', key: 'idle', render: (_, l) => <Tag color="warning">{l.idleDays} 天</Tag> },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            width: 90,
            render: (_, l) => (
              <Button size="small" danger onClick={() => setReleasing(l)}>
                释放
              </Button>
            ),
          },
        ]}
      />
      {leads.hasMore && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={leads.loadMore} loading={leads.loading}>
            加载更多
          </Button>
        </div>
      )}
      {releasing && (
        <ReleaseDialog
          lead={releasing}
          onCancel={() => setReleasing(null)}
          onDone={(warning) => {
            setReleasing(null);
            if (warning) message.warning(warning);
            else message.success(`「${releasing.title}」已释放`);
            leads.reload();
          }}
        />
      )}
    </div>
  );
}

function ReleaseDialog({ lead, onDone, onCancel }: { lead: LeadView; onDone: (warning?: string) => void; onCancel: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const submit = ({ reason }: { reason: string }) => {
    inFlight.current ??= (async () => {
      setSaving(true);
      clearFieldErrors(form);
      setProblem(undefined);
      try {
        await ok(api.POST('/api/v1/leads/{id}/release', { params: { path: { id: lead.id } }, body: { reason: reason.trim() } }));
        onDone();
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message: String(e) });
        // Someone logged a contact meanwhile: no longer idle.
        if (err.code === 'LEAD_NOT_IDLE') return onDone(`${err.message}，列表已刷新`);
        const rest = showFieldErrors(form, err, ['reason']);
        setProblem(err.fieldErrors.length ? rest.join('；') || undefined : err.message);
      } finally {
        setSaving(false);
        inFlight.current = null;
      }
    })();
    return inFlight.current;
  };
  return (
    <Modal open title={`释放线索「${lead.title}」`} okText="释放" okButtonProps={{ danger: true }} cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {lead.team.name}已 {lead.idleDays} 天没有对接。释放后线索记为「终止」，{lead.enterprise.name}（{lead.industryChain.name}）可由其他招商队重新首报。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label="释放原因" rules={[{ required: true, whitespace: true, message: '请填写释放原因' }, { max: REASON_MAX, message: `最多 ${REASON_MAX} 字` }]}>
          <Input.TextArea rows={3} maxLength={REASON_MAX} showCount placeholder="如：企业投资计划暂停，本队三个月未能取得联系" />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}
