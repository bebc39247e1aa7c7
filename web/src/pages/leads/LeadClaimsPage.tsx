import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, message as toast, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, showFieldErrors } from '../../api/form-errors';
import { usePaged } from '../../api/paged';
import type { LeadClaimView } from '../../api/views';
import { formatDate } from '../../format/date';

type Status = LeadClaimView['status'];
const STATUS: Array<{ value: Status | 'all'; label: string }> = [
  { value: 'pending', label: '待裁定' },
  { value: 'approved', label: '已同意' },
  { value: 'rejected', label: '已驳回' },
  { value: 'withdrawn', label: '已撤回' },
  { value: 'all', label: '全部' },
];
const STATUS_TAG: Record<Status, { color: string; label: string }> = {
  pending: { color: 'processing', label: '待裁定' },
  approved: { color: 'success', label: '已同意' },
  rejected: { color: 'error', label: '已驳回' },
  withdrawn: { color: 'default', label: '已撤回' },
};
const KIND: Record<LeadClaimView['kind'], string> = { co_pursue: '联合跟进', transfer: '转交' };

/**
 * 撞单裁定: requests from a team to co-pursue or take over a lead another team registered first
 * (首报首谈). A manager over both teams, or an admin, approves or refuses with a note.
 */
export default function LeadClaimsPage() {
  const [message, toastHolder] = toast.useMessage();
  const [status, setStatus] = useState<Status | 'all'>('pending');
  const [deciding, setDeciding] = useState<{ claim: LeadClaimView; approve: boolean } | null>(null);
  const claims = usePaged(
    (cursor) => ok(api.GET('/api/v1/lead-claims', { params: { query: { cursor, limit: 50, ...(status === 'all' ? {} : { status }) } } })),
    [status],
  );

  return (
    <div>
      {toastHolder}
      <div className="page-head">
        <div>
          <Typography.Title level={4}>撞单裁定</Typography.Title>
          <Typography.Text type="secondary">首报首谈：先登记并洽谈的招商队持有线索；他队申请联合跟进或转交，由同时分管双方的领导裁定。</Typography.Text>
        </div>
        <Space wrap>
          <Segmented<Status | 'all'> value={status} onChange={setStatus} options={STATUS} />
          <Button icon={<ReloadOutlined />} onClick={claims.reload} loading={claims.loading}>
            刷新
          </Button>
        </Space>
      </div>
      {claims.error && <Alert type="error" showIcon title={claims.error.message} style={{ marginBottom: 12 }} />}
      <Table<LeadClaimView>
        rowKey="id"
        size="middle"
        loading={claims.loading}
        dataSource={claims.items}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: status === 'pending' ? '没有待裁定的撞单申请' : '暂无' }}
        onRow={(c) => ({ 'data-testid': 'claim-row', 'data-enterprise': c.enterprise.name }) as never}
        columns={[
          {
            title: '企业 / 产业链',
            key: 'enterprise',
            render: (_, c) => (
              <div>
                <div>{c.enterprise.name}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.industryChain.name}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: '申请',
            key: 'requesting',
            render: (_, c) => (
              <div>
                <Tag color="blue">{KIND[c.kind]}</Tag>
                <div>
                  {c.requestingTeam.name}（{c.requestedBy.name}）
                </div>
              </div>
            ),
          },
          {
            title: '首报持有',
            key: 'holding',
            render: (_, c) => (
              <div>
                <div>{c.holdingTeamName}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.holdingStage}
                </Typography.Text>
                {/* Whoever decides the claim sees the held lead: its timeline is what the decision rests on. */}
                {c.canDecide && c.leadId && (
                  <div>
                    <Link to={`/leads/${c.leadId}`}>查看首报线索</Link>
                  </div>
                )}
              </div>
            ),
          },
          { title: '申请理由', key: 'reason', width: 320, render: (_, c) => <Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: '展开' }} style={{ margin: 0 }}>{c.reason}</Typography.Paragraph> },
          { title: '申请日期', key: 'at', render: (_, c) => formatDate(c.createdAt) },
          {
            title: '状态',
            key: 'status',
            render: (_, c) => (
              <div>
                <Tag color={STATUS_TAG[c.status].color}>{STATUS_TAG[c.status].label}</Tag>
                {c.decidedAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                    {formatDate(c.decidedAt)}
                    {c.decisionNote ? `：${c.decisionNote}` : ''}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          {
            title: '裁定',
            key: 'decide',
            fixed: 'right',
            width: 130,
            render: (_, c) =>
              c.status === 'pending' &&
              (c.canDecide ? (
                <Space size={4}>
                  <Button size="small" type="primary" onClick={() => setDeciding({ claim: c, approve: true })}>
                    同意
                  </Button>
                  <Button size="small" danger onClick={() => setDeciding({ claim: c, approve: false })}>
                    驳回
                  </Button>
                </Space>
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  需同时分管双方的领导裁定
                </Typography.Text>
              )),
          },
        ]}
      />
      {claims.hasMore && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={claims.loadMore} loading={claims.loading}>
            加载更多
          </Button>
        </div>
      )}
      {deciding && (
        <DecideDialog
          claim={deciding.claim}
          approve={deciding.approve}
          onCancel={() => setDeciding(null)}
          onDone={(c, note) => {
            setDeciding(null);
            if (note) message.warning(note);
            else message.success(c.status === 'approved' ? `已同意「${c.requestingTeam.name}」${KIND[c.kind]}` : `已驳回「${c.requestingTeam.name}」的申请`);
            claims.reload();
          }}
        />
      )}
    </div>
  );
}

function DecideDialog({ claim, approve, onDone, onCancel }: { claim: LeadClaimView; approve: boolean; onDone: (c: LeadClaimView, warning?: string) => void; onCancel: () => void }) {
  const [form] = Form.useForm<{ note?: string }>();
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const submit = ({ note }: { note?: string }) => {
    inFlight.current ??= (async () => {
      setSaving(true);
      clearFieldErrors(form);
      setProblem(undefined);
      try {
        const done = await ok(api.POST('/api/v1/lead-claims/{id}/decision', { params: { path: { id: claim.id } }, body: { approve, note: note?.trim() || undefined } }));
        onDone(done);
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message: String(e) });
        // Someone decided (or the requester withdrew) first: say so and show the list as it is now.
        if (err.code === 'CLAIM_NOT_PENDING') return onDone(claim, `${err.message}，列表已刷新`);
        const rest = showFieldErrors(form, err, ['note']);
        setProblem(err.fieldErrors.length ? rest.join('；') || undefined : err.message);
      } finally {
        setSaving(false);
        inFlight.current = null;
      }
    })();
    return inFlight.current;
  };
  const what = claim.kind === 'transfer' ? `线索将转交「${claim.requestingTeam.name}」` : `「${claim.requestingTeam.name}」将与「${claim.holdingTeamName}」联合跟进`;
  return (
    <Modal
      open
      title={approve ? '同意撞单申请' : '驳回撞单申请'}
      okText={approve ? '同意' : '驳回'}
      okButtonProps={{ danger: !approve, 'data-testid': 'decide-submit' } as never}
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {claim.enterprise.name} · {claim.industryChain.name}
        <br />
        {approve ? `同意后，${what}。` : `驳回后，线索仍由「${claim.holdingTeamName}」持有。`}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="note"
          label="裁定说明"
          rules={approve ? [{ max: 1000, message: '最多 1000 字' }] : [{ required: true, whitespace: true, message: '请说明驳回的理由' }, { max: 1000, message: '最多 1000 字' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder={approve ? '选填' : '如：持有队已进入实质性洽谈，请配合提供用地信息'} />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}
