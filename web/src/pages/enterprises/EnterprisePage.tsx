import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, List, message as toast, Space, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { usePaged } from '../../api/paged';
import { formatDate } from '../../format/date';
import { Amount } from '../../components/Amount';
import { amountUnit } from '../../format/money';
import { OverdueTag } from '../leads/OverdueTag';

const OpenLeadDialog = lazy(() => import('../leads/OpenLeadDialog'));
const ContactDialog = lazy(() => import('./ContactDialog'));
const NewEnterpriseDialog = lazy(() => import('./NewEnterpriseDialog'));
const AttachmentsPanel = lazy(() => import('../../components/attachments/AttachmentsPanel'));

/** An enterprise: its profile, contacts, the leads on it that the user may see, and the contacts logged with it. */
export default function EnterprisePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [message, toastHolder] = toast.useMessage();
  const [opening, setOpening] = useState(false);
  const [addingContact, setAddingContact] = useState(false);
  const [editing, setEditing] = useState(false);
  /** The 对接记录 whose attachments are open (one at a time: each panel loads its list). */
  // ?attachments=<id>: opened from 记录对接's saved message, to add the visit's photos.
  const [searchParams] = useSearchParams();
  const [attachmentsOf, setAttachmentsOf] = useState<string | null>(searchParams.get('attachments'));
  const profile = useLoad(async () => {
    const [enterprise, contacts, leads] = await Promise.all([
      ok(api.GET('/api/v1/enterprises/{id}', { params: { path: { id } } })),
      ok(api.GET('/api/v1/enterprises/{enterpriseId}/contacts', { params: { path: { enterpriseId: id } } })),
      ok(api.GET('/api/v1/leads', { params: { query: { enterpriseId: id, sort: 'updatedAt', order: 'desc', limit: 50 } } })),
    ]);
    return { enterprise, contacts, leads: leads.items };
  }, [id]);
  const interactions = usePaged(
    (cursor) => ok(api.GET('/api/v1/enterprises/{enterpriseId}/interactions', { params: { path: { enterpriseId: id }, query: { cursor, limit: 20 } } })),
    [id],
  );

  if (!profile.data && profile.loading) return <Spin size="large" className="page-spin" />;
  if (!profile.data) {
    const e = profile.error;
    return <Alert type="error" showIcon title={e?.status === 404 ? '企业不存在' : (e?.message ?? '加载失败')} action={<Button onClick={profile.reload}>重试</Button>} />;
  }
  const { enterprise, contacts, leads } = profile.data;
  const shownAmount = (l: (typeof leads)[number]) => (l.stage === 'signed' ? l.signedAmount : l.intendedAmount);
  const leadUnit = amountUnit(leads.map(shownAmount));

  return (
    <div style={{ maxWidth: 960, margin: '0 auto' }}>
      {toastHolder}
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ padding: 0, marginBottom: 8 }}>
        返回
      </Button>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size={6}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="enterprise-name">
            {enterprise.name}
          </Typography.Title>
          {enterprise.tags.map((t) => (
            <Tag key={t} color="red">
              {t}
            </Tag>
          ))}
          {enterprise.archivedAt && <Tag>已归档</Tag>}
        </Space>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginTop: 8 }}>
          {enterprise.shortName && <Descriptions.Item label="简称">{enterprise.shortName}</Descriptions.Item>}
          <Descriptions.Item label="信用代码">{enterprise.creditCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="产业链">{enterprise.industryChainName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="总部">{[enterprise.hqProvince, enterprise.hqCity].filter((x, i, a) => x && a.indexOf(x) === i).join(' ') || '—'}</Descriptions.Item>
          {enterprise.foundedOn && <Descriptions.Item label="成立日期">{formatDate(enterprise.foundedOn)}</Descriptions.Item>}
          {enterprise.notes && <Descriptions.Item label="备注">{enterprise.notes}</Descriptions.Item>}
        </Descriptions>
        <Space wrap style={{ marginTop: 8 }}>
          <Link to={`/interactions/new?enterpriseId=${enterprise.id}`}>
            <Button type="primary" icon={<EditOutlined />}>
              记录对接
            </Button>
          </Link>
          <Button icon={<PlusOutlined />} onClick={() => setOpening(true)} data-testid="open-lead">
            登记线索
          </Button>
          <Button onClick={() => setEditing(true)} data-testid="edit-enterprise">
            编辑
          </Button>
        </Space>
      </Card>

      <Card size="small" title={`线索（${leads.length}）`} style={{ marginBottom: 12 }} data-testid="enterprise-leads">
        <List
          dataSource={leads}
          locale={{ emptyText: '暂无您能看到的线索' }}
          renderItem={(l) => (
            <List.Item key={l.id} extra={<Amount value={shownAmount(l)} unit={leadUnit} />}>
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <Link to={`/leads/${l.id}`}>{l.title}</Link>
                    <Tag color={l.stage === 'signed' ? 'success' : 'processing'}>{l.stageLabel}</Tag>
                    <OverdueTag lead={l} />
                  </Space>
                }
                description={`${l.industryChain.name} · ${l.team.name} · ${l.owner.name}`}
              />
            </List.Item>
          )}
        />
      </Card>

      <Card
        size="small"
        title={`联系人（${contacts.length}）`}
        style={{ marginBottom: 12 }}
        extra={
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAddingContact(true)}>
            添加
          </Button>
        }
      >
        <List
          dataSource={contacts}
          locale={{ emptyText: '暂无联系人' }}
          renderItem={(c) => (
            <List.Item key={c.id}>
              <List.Item.Meta
                title={c.title ? `${c.name}（${c.title}）` : c.name}
                description={[c.mobile && <a key="m" href={`tel:${c.mobile}`}>{c.mobile}</a>, c.landline && <a key="l" href={`tel:${c.landline}`}>{c.landline}</a>, c.email, c.wechat && `微信 ${c.wechat}`]
                  .filter(Boolean)
                  .flatMap((x, i) => (i ? [' · ', x] : [x]))}
              />
            </List.Item>
          )}
        />
      </Card>

      <Card size="small" title="对接记录" data-testid="enterprise-interactions">
        {interactions.error && <Alert type="error" showIcon title={interactions.error.message} />}
        {interactions.items.length === 0 && !interactions.loading ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无您能看到的对接记录" />
        ) : (
          <List
            loading={interactions.loading && interactions.items.length === 0}
            dataSource={interactions.items}
            renderItem={(i) => (
              <List.Item key={i.id}>
                <List.Item.Meta
                  title={
                    <Space wrap size={4}>
                      <Typography.Text strong>{formatDate(i.occurredAt)}</Typography.Text>
                      <Tag>{i.typeLabel}</Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {i.participants.map((p) => p.name).join('、')}
                      </Typography.Text>
                    </Space>
                  }
                  description={
                    <>
                      <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 3, expandable: true, symbol: '展开' }}>
                        {i.summary}
                      </Typography.Paragraph>
                      {i.nextFollowUpAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>下次跟进：{formatDate(i.nextFollowUpAt)}</Typography.Text>}
                      <div>
                        <Button type="link" size="small" style={{ padding: 0 }} aria-expanded={attachmentsOf === i.id} onClick={() => setAttachmentsOf(attachmentsOf === i.id ? null : i.id)} data-testid="interaction-attachments-toggle">
                          {attachmentsOf === i.id ? '收起附件' : '附件与照片'}
                        </Button>
                      </div>
                      {attachmentsOf === i.id && (
                        <Suspense fallback={<Spin size="small" />}>
                          <AttachmentsPanel record={{ kind: 'interaction', id: i.id }} title="对接记录附件" />
                        </Suspense>
                      )}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
        {interactions.hasMore && (
          <Button block onClick={interactions.loadMore} loading={interactions.loading}>
            加载更多
          </Button>
        )}
      </Card>

      {opening && (
        <Suspense fallback={null}>
          <OpenLeadDialog
            enterprise={enterprise}
            onCreated={(lead) => {
              setOpening(false);
              message.success('线索已登记');
              navigate(`/leads/${lead.id}`);
            }}
            onCancel={() => setOpening(false)}
          />
        </Suspense>
      )}
      {editing && (
        <Suspense fallback={null}>
          <NewEnterpriseDialog
            editing={enterprise}
            onDone={() => {
              setEditing(false);
              message.success('企业信息已保存');
              profile.reload();
            }}
            onCancel={() => setEditing(false)}
          />
        </Suspense>
      )}
      {addingContact && (
        <Suspense fallback={null}>
          <ContactDialog
            enterpriseId={enterprise.id}
            onSaved={() => {
              setAddingContact(false);
              message.success('联系人已添加');
              profile.reload();
            }}
            onCancel={() => setAddingContact(false)}
          />
        </Suspense>
      )}
    </div>
  );
}
