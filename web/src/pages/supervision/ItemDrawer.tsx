import { Alert, Button, Descriptions, Drawer, Form, Input, message as toast, Popconfirm, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import { useAuth } from '../../auth/AuthProvider';
import { formatDate, formatDateTime } from '../../format/date';
import { STATUS } from './supervision-status';

type Detail = Schemas['SupervisionDetailView'];

/** A 交办单 whole: its project, the replies, and replying, closing (办结) or reopening as the caller may. Its own chunk: loaded on the first open. */
export default function ItemDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const [message, toastHolder] = toast.useMessage();
  const { user } = useAuth();
  const detail = useLoad(() => (id ? ok(api.GET('/api/v1/supervision/items/{id}', { params: { path: { id } } })) : Promise.resolve(undefined)), [id]);
  const [busy, setBusy] = useState<string | null>(null);
  const [replyForm] = Form.useForm<{ body: string }>();
  const [closeForm] = Form.useForm<{ resolution: string }>();
  const d: Detail | undefined = detail.data;

  const act = async (what: string, call: () => Promise<unknown>, done: string) => {
    setBusy(what);
    try {
      await call();
      message.success(done);
      replyForm.resetFields();
      closeForm.resetFields();
      detail.reload();
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Drawer open={id !== null} onClose={onClose} width={560} title={d ? `交办单 · ${d.projectName}` : '交办单'} destroyOnHidden>
      {toastHolder}
      {detail.error && <Alert type="error" showIcon title={detail.error.message} />}
      {d && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="项目">
              {user?.role === 'department' ? d.projectName : <Link to={`/projects/${d.projectId}`}>{d.projectName}</Link>}
              {d.projectRegionName ? `（${d.projectRegionName}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="项目负责人">{d.projectOwnerName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="问题">【{d.categoryLabel}】{d.description}</Descriptions.Item>
            <Descriptions.Item label="责任部门">{d.departmentName}</Descriptions.Item>
            <Descriptions.Item label="交办时间">{formatDateTime(d.assignedAt)}</Descriptions.Item>
            <Descriptions.Item label="限办日期">
              {formatDate(d.dueOn)} {d.isOverdue && <Tag color="red">超期</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS[d.status].color}>{STATUS[d.status].label}</Tag>
              {d.resolvedAt && `（${formatDateTime(d.resolvedAt)}）`}
            </Descriptions.Item>
            {d.resolution && <Descriptions.Item label="办结情况">{d.resolution}</Descriptions.Item>}
          </Descriptions>
          <div>
            <Typography.Title level={5}>办理回复</Typography.Title>
            {d.replies.length === 0 ? (
              <Typography.Text type="secondary">暂无回复</Typography.Text>
            ) : (
              <Timeline
                items={d.replies.map((r) => ({
                  content: (
                    <div data-testid="reply">
                      <Typography.Text type="secondary">
                        {r.authorName} · {formatDateTime(r.createdAt)}
                      </Typography.Text>
                      <div>{r.body}</div>
                    </div>
                  ),
                }))}
              />
            )}
          </div>
          {d.canReply && d.status !== 'resolved' && (
            <Form form={replyForm} layout="vertical" onFinish={(v) => act('reply', () => ok(api.POST('/api/v1/supervision/items/{id}/replies', { params: { path: { id: d.id } }, body: v })), '已回复')}>
              <Form.Item name="body" label="回复办理情况" rules={[{ required: true, whitespace: true, message: '请填写办理情况' }]}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Button htmlType="submit" loading={busy === 'reply'}>
                回复
              </Button>
            </Form>
          )}
          {d.canClose && (
            <Form form={closeForm} layout="vertical" onFinish={(v) => act('close', () => ok(api.POST('/api/v1/supervision/items/{id}/close', { params: { path: { id: d.id } }, body: v })), '已办结')}>
              <Form.Item name="resolution" label="办结情况" rules={[{ required: true, whitespace: true, message: '请填写办结情况' }]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy === 'close'}>
                办结
              </Button>
            </Form>
          )}
          {d.canReopen && (
            <Popconfirm title="重新打开此交办单？将重新计算超期。" onConfirm={() => act('reopen', () => ok(api.POST('/api/v1/supervision/items/{id}/reopen', { params: { path: { id: d.id } }, body: {} })), '已重新打开')}>
              <Button danger loading={busy === 'reopen'}>
                重新打开
              </Button>
            </Popconfirm>
          )}
        </Space>
      )}
    </Drawer>
  );
}
