import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, message as toast, Modal, Popconfirm, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, showFieldErrors } from '../../api/form-errors';
import { useLoad } from '../../api/hooks';
import { usePaged } from '../../api/paged';
import type { Schemas } from '../../api/client';
import { beijingDate, formatDate } from '../../format/date';
import { sum } from '../../format/decimal';
import { Amount } from '../../components/Amount';
import { orderEvents, type EventSort } from './event-order';
import { amountTitle, amountUnit, formatAmount } from '../../format/money';
import { ReportActions } from '../../print/ReportActions';
import { withQuery, xlsxUrl } from '../../print/query';
import '../../format/calendar';

type SigningEvent = Schemas['SigningEventView'];
type RosterItem = Schemas['RosterItem'];
type RosterSort = 'registered' | 'amount';

interface Values {
  name: string;
  heldOn: Dayjs;
  isOnline: boolean;
  location?: string;
  description?: string;
}
const FIELDS = ['name', 'heldOn', 'isOnline', 'location', 'description'] as const;

/**
 * 签约活动 (网签大会 and the like): each with its projects and exact total, the year's totals
 * below; admins add, change and remove them (an event with signings keeps its date).
 */
export default function SigningEventsPage() {
  const [message, toastHolder] = toast.useMessage();
  const thisYear = Number(beijingDate().slice(0, 4));
  const [year, setYear] = useState<number | undefined>();
  const [editing, setEditing] = useState<SigningEvent | 'new' | null>(null);
  const [sort, setSort] = useState<EventSort>('heldOn');
  const events = usePaged((cursor) => ok(api.GET('/api/v1/signing-events', { params: { query: { cursor, limit: 100, ...(year ? { year } : {}) } } })), [year]);

  const remove = async (e: SigningEvent) => {
    try {
      const { response, error } = await api.DELETE('/api/v1/signing-events/{id}', { params: { path: { id: e.id } } });
      if (!response.ok) throw error && typeof error === 'object' && 'message' in error ? new ApiError(error as never) : new ApiError({ statusCode: response.status, code: `HTTP_${response.status}`, message: `删除失败（${response.status}）` });
      message.success(`已删除「${e.name}」`);
      events.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  const years: number[] = [];
  for (let y = thisYear + 1; y >= 2020; y--) years.push(y);
  const totalProjects = events.items.reduce((n, e) => n + e.projectCount, 0);
  const totalAmount = sum(events.items.map((e) => e.totalAmount));
  // The column and its total read in one unit, named in the header.
  const unit = amountUnit([...events.items.map((e) => e.totalAmount), totalAmount]);

  return (
    <div>
      {toastHolder}
      <div className="page-head">
        <Typography.Title level={4}>签约活动</Typography.Title>
        <Space wrap>
          <Select aria-label="年份" allowClear placeholder="全部年份" style={{ width: 120 }} value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: `${y}年` }))} />
          <Segmented<EventSort>
            value={sort}
            onChange={setSort}
            options={[
              { value: 'heldOn', label: '按日期' },
              { value: 'amount', label: '按签约总额' },
            ]}
          />
          <ReportActions printTo={withQuery('/print/signing-events', { year, sort })} xlsx={{ url: xlsxUrl('/api/v1/signing-events/xlsx', { year, sort }), name: `${year ? `${year}年` : ''}签约活动一览.xlsx` }} />
          <Button icon={<ReloadOutlined />} onClick={events.reload} loading={events.loading}>
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建活动
          </Button>
        </Space>
      </div>
      {events.error && <Alert type="error" showIcon title={events.error.message} style={{ marginBottom: 12 }} />}
      <Table<SigningEvent>
        rowKey="id"
        size="middle"
        loading={events.loading}
        dataSource={orderEvents(events.items, sort)}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: '暂无签约活动' }}
        expandable={{ expandedRowRender: (e) => <EventSignings event={e} />, rowExpandable: (e) => e.signingCount > 0 }}
        onRow={(e) => ({ 'data-testid': 'event-row', 'data-name': e.name }) as never}
        columns={[
          { title: '序号', key: 'seq', width: 64, align: 'right', render: (_, _e, i) => i + 1 },
          {
            title: '活动',
            key: 'name',
            render: (_, e) => (
              <div>
                <div>{e.name}</div>
                {e.description && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: e.description }}>
                    {e.description}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          { title: '日期', key: 'heldOn', width: 140, render: (_, e) => formatDate(e.heldOn) },
          { title: '方式', key: 'online', width: 90, render: (_, e) => (e.isOnline ? <Tag color="blue">网上签约</Tag> : <Tag>现场</Tag>) },
          { title: '地点', key: 'location', render: (_, e) => e.location ?? '—' },
          { title: '签约项目', key: 'count', width: 110, render: (_, e) => `${e.projectCount} 个${e.signingCount > e.projectCount ? `（${e.signingCount} 笔）` : ''}` },
          { title: amountTitle('签约总额', unit), key: 'amount', align: 'right', render: (_, e) => <Amount value={e.totalAmount} unit={unit} bare /> },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            width: 220,
            render: (_, e) => (
              <Space size={0}>
                <ReportActions size="small" label="清单" printTo={`/print/roster/${e.id}?sort=amount`} xlsx={{ url: xlsxUrl('/api/v1/signing-events/{id}/roster.xlsx', { sort: 'amount' }, { id: e.id }), name: `${e.name}签约项目清单.xlsx` }} />
                <Button type="text" aria-label="修改" icon={<EditOutlined />} onClick={() => setEditing(e)} />
                <Popconfirm
                  title={`删除「${e.name}」？`}
                  description={e.signingCount ? '已有签约记录的活动不能删除' : undefined}
                  okText="删除"
                  cancelText="取消"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(e)}
                >
                  <Button type="text" danger aria-label="删除" icon={<DeleteOutlined />} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
        summary={() =>
          events.items.length > 1 && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={6}>
                <Typography.Text strong>合计（{events.items.length} 场{events.hasMore ? '，已加载部分' : ''}）</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1}>{totalProjects} 个</Table.Summary.Cell>
              <Table.Summary.Cell index={2}>
                <Typography.Text strong>
                  <Amount value={totalAmount} unit={unit} bare />
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} />
            </Table.Summary.Row>
          )
        }
      />
      {events.hasMore && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={events.loadMore} loading={events.loading}>
            加载更多
          </Button>
        </div>
      )}
      {editing && (
        <EventDialog
          event={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(null)}
          onDone={(e) => {
            message.success(editing === 'new' ? `已新建「${e.name}」` : `已保存「${e.name}」`);
            setEditing(null);
            events.reload();
          }}
        />
      )}
    </div>
  );
}

/**
 * An event's 网签项目清单 (GET /signing-events/:id/roster): 序号, 落地旗县区, 认定状态, in
 * registration order or by amount (the server orders, so 序号, print and Excel agree).
 */
function EventSignings({ event }: { event: SigningEvent }) {
  const [sort, setSort] = useState<RosterSort>('amount');
  const list = useLoad(() => ok(api.GET('/api/v1/signing-events/{id}/roster', { params: { path: { id: event.id }, query: { sort } } })), [event.id, sort]);
  if (list.error) return <Alert type="error" showIcon title={list.error.message} />;
  // The roster's amounts and its total in one unit.
  const unit = amountUnit([...(list.data?.items ?? []).map((s) => s.amount), list.data?.total.amount]);
  return (
    <div data-testid="event-roster">
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented<RosterSort>
          size="small"
          value={sort}
          onChange={setSort}
          options={[
            { value: 'amount', label: '按签约额' },
            { value: 'registered', label: '按登记先后' },
          ]}
        />
        <ReportActions
          size="small"
          label="清单"
          printTo={withQuery(`/print/roster/${event.id}`, { sort })}
          xlsx={{ url: xlsxUrl('/api/v1/signing-events/{id}/roster.xlsx', { sort }, { id: event.id }), name: `${event.name}签约项目清单.xlsx` }}
        />
        {list.data && (
          <Typography.Text type="secondary">
            {list.data.total.signings} 笔，合计 {formatAmount(list.data.total.amount, unit)}
          </Typography.Text>
        )}
      </Space>
      <Table<RosterItem>
        rowKey="signingId"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        onRow={(s) => ({ 'data-testid': 'roster-row', 'data-amount': s.amount }) as never}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 64, align: 'right' },
          { title: '项目', dataIndex: 'projectName' },
          { title: '投资方', key: 'ent', render: (_, s) => s.enterprise.name },
          { title: '落地旗县区', key: 'landing', render: (_, s) => s.landingRegionUnit.name },
          { title: '招商队', key: 'team', render: (_, s) => s.team.name },
          { title: '签约类型', dataIndex: 'kindLabel' },
          { title: amountTitle('签约额', unit), key: 'amount', align: 'right', render: (_, s) => <Amount value={s.amount} unit={unit} bare /> },
          { title: '认定状态', key: 'review', render: (_, s) => (s.counted ? s.reviewStatusLabel : <Tag color="warning">{s.reviewStatusLabel}</Tag>) },
        ]}
      />
    </div>
  );
}

function EventDialog({ event, onDone, onCancel }: { event?: SigningEvent; onDone: (e: SigningEvent) => void; onCancel: () => void }) {
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const submit = (v: Values) => {
    inFlight.current ??= (async () => {
      setSaving(true);
      clearFieldErrors(form);
      setProblem(undefined);
      // `as never` below: the OpenAPI document types location/description as objects (the DTO's
      // @nullable helper), though the service takes a string or null.
      const body = {
        name: v.name.trim(),
        heldOn: v.heldOn.format('YYYY-MM-DD'),
        isOnline: v.isOnline,
        location: v.location?.trim() || null,
        description: v.description?.trim() || null,
      };
      try {
        const saved = event
          ? await ok(api.PATCH('/api/v1/signing-events/{id}', { params: { path: { id: event.id } }, body: body as never }))
          : await ok(api.POST('/api/v1/signing-events', { body: body as never }));
        onDone(saved);
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message: String(e) });
        if (err.code === 'SIGNING_EVENT_IN_USE') {
          form.setFields([{ name: 'heldOn', errors: [err.message] }]);
          return;
        }
        const rest = showFieldErrors(form, err, FIELDS);
        setProblem(err.fieldErrors.length ? rest.join('；') || undefined : err.message);
      } finally {
        setSaving(false);
        inFlight.current = null;
      }
    })();
    return inFlight.current;
  };
  return (
    <Modal open title={event ? `修改签约活动` : '新建签约活动'} okText="保存" cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden width={560}>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          event
            ? { name: event.name, heldOn: dayjs(event.heldOn), isOnline: event.isOnline, location: event.location ?? '', description: event.description ?? '' }
            : { isOnline: false, heldOn: dayjs(beijingDate()) }
        }
      >
        <Form.Item name="name" label="活动名称" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }, { min: 2, message: '至少 2 个字' }, { max: 200, message: '最多 200 字' }]}>
          <Input maxLength={200} placeholder="如：2022年春季网签大会" />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="heldOn" label="举办日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker format="YYYY年M月D日" style={{ width: '100%' }} allowClear={false} />
          </Form.Item>
          <Form.Item name="isOnline" label="网上签约" valuePropName="checked">
            <Switch checkedChildren="是" unCheckedChildren="否" />
          </Form.Item>
        </div>
        <Form.Item name="location" label="地点" rules={[{ max: 200, message: '最多 200 字' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label="说明" rules={[{ max: 2000, message: '最多 2000 字' }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  );
}
