import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Radio, Space, Switch, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { formatDate } from '../../format/date';
import { STATUS, type Status } from './supervision-status';
import './supervision.css';

const ItemDrawer = lazy(() => import('./ItemDrawer'));

/**
 * A department account's first screen: its own 交办单 as a list of cards, newest deadline first as
 * the API orders them, each opened to reply and close. Light on purpose (no table, no date
 * pickers): the first screen's 300 KB budget holds for this role too; the drawer loads on open.
 */
export function DepartmentDesk() {
  const [status, setStatus] = useState<Status | 'all'>('all');
  const [overdue, setOverdue] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const items = useLoad(
    () => ok(api.GET('/api/v1/supervision/items', { params: { query: { ...(status !== 'all' ? { status } : {}), ...(overdue ? { overdue: 'true' as const } : {}), limit: 200 } } })),
    [status, overdue],
  );
  const rows = items.data?.items ?? [];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Radio.Group
          aria-label="状态"
          optionType="button"
          value={status}
          onChange={(e) => setStatus(e.target.value as Status | 'all')}
          options={[{ value: 'all', label: '全部' }, ...(Object.keys(STATUS) as Status[]).map((s) => ({ value: s, label: STATUS[s].label }))]}
        />
        <Space>
          <Switch aria-label="只看超期" checked={overdue} onChange={setOverdue} />
          <span>只看超期</span>
        </Space>
        <Button icon={<ReloadOutlined />} onClick={items.reload} loading={items.loading}>
          刷新
        </Button>
      </Space>
      {items.error && <Alert type="error" showIcon title={items.error.message} style={{ marginBottom: 12 }} />}
      {items.data && rows.length === 0 && <Typography.Paragraph type="secondary">本部门暂无交办单</Typography.Paragraph>}
      <ul className="desk-list">
        {rows.map((r) => (
          <li key={r.id} className="desk-item" data-testid="supervision-row" data-id={r.id}>
            <div className="desk-item-main">
              <div>
                <strong>{r.projectName}</strong>
                <Typography.Text type="secondary"> {[r.projectRegionName, r.projectOwnerName && `负责人 ${r.projectOwnerName}`].filter(Boolean).join(' · ')}</Typography.Text>
              </div>
              <div>
                【{r.categoryLabel}】{r.description}
              </div>
              <Space size={6} wrap>
                <Tag color={STATUS[r.status].color}>{STATUS[r.status].label}</Tag>
                <span>限办 {formatDate(r.dueOn)}</span>
                {r.isOverdue && <Tag color="red">超期</Tag>}
                <Typography.Text type="secondary">回复 {r.replyCount}</Typography.Text>
              </Space>
            </div>
            <Button type={r.status !== 'resolved' ? 'primary' : 'default'} onClick={() => setOpenId(r.id)}>
              {r.status !== 'resolved' ? '办理' : '查看'}
            </Button>
          </li>
        ))}
      </ul>
      {items.data && items.data.total > rows.length && (
        <Typography.Text type="secondary">
          共 {items.data.total} 件，显示前 {rows.length} 件，请用筛选缩小范围。
        </Typography.Text>
      )}
      {openId !== null && (
        <Suspense fallback={null}>
          <ItemDrawer id={openId} onClose={() => setOpenId(null)} onChanged={items.reload} />
        </Suspense>
      )}
    </>
  );
}
