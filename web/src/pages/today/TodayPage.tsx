import { BellOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useLoad } from '../../api/hooks';
import { loadToday, type Today, UPCOMING_DAYS } from './today-data';
import type { InteractionView, NotificationView } from '../../api/views';
import { useAuth } from '../../auth/AuthProvider';
import { beijingDate, formatDate, toBeijingYmd } from '../../format/date';
import { Amount } from '../../components/Amount';
import { amountUnit } from '../../format/money';
import { OverdueTag } from '../leads/OverdueTag';
import { ContactPhones } from './ContactPhones';
import { FollowUpActions, type ActionOutcome } from './FollowUpActions';
import { NotificationItem } from '../../notifications/NotificationItem';
import { markRead, onUnreadChanged } from '../../notifications/unread';
import '../../notifications/notifications.css';
import './today.css';


/**
 * A titled list of rows. Plain markup rather than antd's List, which brings Pagination and Select
 * (~24 KB gzipped) into the member's first screen for lists that are never paged.
 */
function Rows<T extends { id: string }>({ header, items, empty, row }: { header?: ReactNode; items: T[]; empty?: string; row(item: T): ReactNode }) {
  if (items.length === 0) return empty ? <div className="today-empty">{empty}</div> : null;
  return (
    <div className="today-rows">
      {header && <div className="today-rows-head">{header}</div>}
      <ul>{items.map((i) => <li key={i.id}>{row(i)}</li>)}</ul>
    </div>
  );
}

/** A member's day: follow-ups due (and overdue), their open leads, unread notifications. */
export default function TodayPage() {
  const { user } = useAuth();
  const today = beijingDate();
  // What the last 完成跟进 / 推迟 did (an Alert: antd's message would add ~10 KB to this first screen).
  const [notice, setNotice] = useState<ActionOutcome & { seq: number }>();
  const { data, error, loading, reload } = useLoad<Today>(() => loadToday(user!.id, today), [user?.id, today]);

  // Marked read here or from the bell: the card shows what the service now holds.
  useEffect(() => onUnreadChanged(reload), [reload]);
  const readOne = (n: NotificationView) => void markRead(n.id).catch(() => undefined);

  const afterAction = (outcome: ActionOutcome) => {
    setNotice((n) => ({ ...outcome, seq: (n?.seq ?? 0) + 1 }));
    if (outcome.ok) reload();
  };

  const due = (i: InteractionView) => toBeijingYmd(i.nextFollowUpAt!);
  const leadUnit = amountUnit((data?.leads ?? []).map((l) => l.intendedAmount));
  const overdue = data?.followUps.filter((i) => due(i) < today) ?? [];
  const dueToday = data?.followUps.filter((i) => due(i) === today) ?? [];
  const upcoming = data?.followUps.filter((i) => due(i) > today) ?? [];

  const followUpItem = (i: InteractionView, tone: 'error' | 'warning' | 'default') => (
    <div className="today-row" data-testid="follow-up">
      <div className="today-row-title">
          <Space wrap size={4}>
            <Link to={`/enterprises/${i.enterprise.id}`}>
              <Typography.Text strong>{i.enterprise.name}</Typography.Text>
            </Link>
            <Tag color={tone}>{tone === 'error' ? `逾期 · ${formatDate(i.nextFollowUpAt)}` : formatDate(i.nextFollowUpAt)}</Tag>
          </Space>
      </div>
      <div className="today-row-description">
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
          {i.typeLabel}（{formatDate(i.occurredAt)}）：{i.summary}
        </Typography.Paragraph>
        <ContactPhones contacts={i.contacts} />
        <FollowUpActions item={i} onDone={afterAction} />
      </div>
    </div>
  );

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            今日 · {formatDate(today)}
          </Typography.Title>
          <Typography.Text type="secondary">
            {/* Not 「0 项」 while the list is still on its way. */}
            {data ? `${user?.displayName ?? ''}，今天有 ${dueToday.length + overdue.length} 项跟进` : `${user?.displayName ?? ''}，正在读取今天的跟进…`}
          </Typography.Text>
        </div>
        <Link to="/interactions/new">
          <Button type="primary" icon={<EditOutlined />} size="large">
            记录对接
          </Button>
        </Link>
      </Space>
      {error && <Alert type="error" showIcon title={error.message} action={<Button onClick={reload}>重试</Button>} style={{ marginBottom: 12 }} />}

      <Card title="待跟进" size="small" loading={loading && !data} style={{ marginBottom: 12 }} data-testid="follow-ups">
        {notice && (
          <Alert key={notice.seq} type={notice.ok ? 'success' : 'error'} showIcon closable title={notice.text} role="status" style={{ marginBottom: 8 }} data-testid="follow-up-notice" />
        )}
        {overdue.length + dueToday.length + upcoming.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="近期没有需要跟进的企业" />
        ) : (
          <>
            {overdue.length > 0 && <Rows header={<Typography.Text type="danger">已逾期 {overdue.length}</Typography.Text>} items={overdue} row={(i) => followUpItem(i, 'error')} />}
            {dueToday.length > 0 && <Rows header={<Typography.Text strong>今日到期 {dueToday.length}</Typography.Text>} items={dueToday} row={(i) => followUpItem(i, 'warning')} />}
            {upcoming.length > 0 && <Rows header={<Typography.Text type="secondary">{UPCOMING_DAYS}天内 {upcoming.length}</Typography.Text>} items={upcoming} row={(i) => followUpItem(i, 'default')} />}
          </>
        )}
      </Card>

      <Card title={`我负责的在谈项目（${data?.leads.length ?? 0}）`} size="small" loading={loading && !data} style={{ marginBottom: 12 }}>
        <Rows
          items={data?.leads ?? []}
          empty="暂无在谈项目"
          row={(l) => (
            <div className="today-row today-row-split">
              <div>
                <div className="today-row-title">
                  <Space wrap size={4}>
                    <Link to={`/leads/${l.id}`} data-testid="my-lead">
                      {l.title}
                    </Link>
                    <Tag color={l.stage === 'on_hold' ? 'default' : 'processing'}>{l.stageLabel}</Tag>
                    {l.isIdle && <Tag color="warning">{l.idleDays}天无对接</Tag>}
                    <OverdueTag lead={l} />
                  </Space>
                </div>
                <div className="today-row-description">
                  {l.enterprise.name} · {l.industryChain.name}
                </div>
              </div>
              <Amount value={l.intendedAmount} unit={leadUnit} />
            </div>
          )}
        />
      </Card>

      <Card
        title={
          <Space>
            <BellOutlined />
            未读通知
            <Badge count={data?.unread ?? 0} overflowCount={99} />
          </Space>
        }
        size="small"
        loading={loading && !data}
      >
        {(data?.notifications ?? []).length === 0 ? (
          <div className="today-empty">没有未读通知</div>
        ) : (
          // Each opens its subject and can be marked read, as in the header's bell.
          <ul className="notif-list">
            {data!.notifications.map((n) => (
              <NotificationItem key={n.id} n={n} role={user!.role} onRead={readOne} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
