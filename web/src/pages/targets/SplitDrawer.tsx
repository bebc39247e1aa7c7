import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Drawer, Form, Select, Space, Spin, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, type FieldPath, showNestedFieldErrors } from '../../api/form-errors';
import { useLoad } from '../../api/hooks';
import type { TargetDetail, TargetView } from '../../api/views';
import { amountRules } from '../../components/AmountInput';
import { isNegative, subtract, sum } from '../../format/decimal';
import { formatMetric, isAmountMetric, METRIC_SHORT, type Metric } from '../../format/metrics';
import { formatWan } from '../../format/money';
import { asDecimal, metricsOf, toApiValues, toFormValues, type ValuesForm } from './target-values';
import { ValueInput } from './ValueInput';

/** In 万元 here, as typed in the inputs above (elsewhere amounts read in 亿元 from 1亿元). */
const show = (m: Metric, v: string | undefined) => (isAmountMetric(m) ? formatWan(v) : formatMetric(m, v));

interface Allocation {
  teamId?: string;
  values: ValuesForm;
}
interface Values {
  allocations: Allocation[];
  stretch: boolean;
}

/**
 * 分解: a unit's target shared among the teams at or below it. The shares already made are
 * edited in place (re-splitting a team updates its share); the unassigned remainder follows
 * what is typed, exactly, and goes red where the shares exceed the target (allowed only as 加压).
 */
export default function SplitDrawer({ target, onSaved, onClose }: { target: TargetView; onSaved: (d: TargetDetail) => void; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const [sumErrors, setSumErrors] = useState<Partial<Record<Metric, string>>>({});
  const [saving, setSaving] = useState(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const detail = useLoad(() => ok(api.GET('/api/v1/targets/{id}', { params: { path: { id: target.id } } })), [target.id]);
  const teams = useLoad(
    () => ok(api.GET('/api/v1/teams', { params: { query: { regionUnitId: target.assignee.id, limit: 200 } } })),
    [target.assignee.id],
  );
  const allocations: Allocation[] = Form.useWatch('allocations', form) ?? [];
  const d = detail.data;
  const metrics = d ? metricsOf(d.values) : [];

  /** What is left, as typed: the server's remainder plus the shares shown (it counts them too) minus the shares in the form. */
  const remainderOf = (m: Metric): string => {
    if (!d) return '0';
    const base = sum([d.unassigned[m], ...d.children.map((c) => c.values[m])]);
    return subtract(base, ...allocations.map((a) => asDecimal(a?.values?.[m])));
  };
  const assignedOf = (m: Metric): string => sum(allocations.map((a) => asDecimal(a?.values?.[m])));

  const place = (path: FieldPath): FieldPath | null => {
    if (path[0] !== 'allocations' || typeof path[1] !== 'number') return null;
    if (path.length === 3 && path[2] === 'teamId') return path;
    if (path.length === 4 && path[2] === 'values' && metrics.includes(path[3] as Metric)) return path;
    return null;
  };

  const send = async (v: Values) => {
    setProblems([]);
    setSumErrors({});
    try {
      const body = {
        allocations: v.allocations.filter((a) => a.teamId).map((a) => ({ teamId: a.teamId!, values: toApiValues(a.values, metrics) })),
        stretch: v.stretch || undefined,
      };
      const saved = await ok(api.POST('/api/v1/targets/{id}/split', { params: { path: { id: target.id } }, body }));
      onSaved(saved);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message: String(e) });
      // "values.<metric>": the shares of that metric add up to more than the target; said under its remainder.
      const sums: Partial<Record<Metric, string>> = {};
      for (const f of err.fieldErrors) {
        const m = /^values\.(\w+)$/.exec(f.field)?.[1] as Metric | undefined;
        if (m && metrics.includes(m)) sums[m] = f.message;
      }
      setSumErrors(sums);
      const rest = showNestedFieldErrors(form, err, place).filter((msg) => !Object.values(sums).includes(msg));
      // The target was readable (it is open here) but the split is refused as 404: not a unit this user oversees.
      if (err.code === 'NOT_FOUND') setProblems([`只有分管「${target.assignee.name}」的领导或管理员可以分解此指标`]);
      else if (!err.fieldErrors.length) setProblems([err.message]);
      else if (rest.length) setProblems(rest);
      // The service's message names its `stretch` flag; the user knows it as the 加压目标 box.
      else if (err.code === 'SPLIT_EXCEEDS_PARENT') setProblems(['分解合计超过上级指标；如为加压目标，请勾选「加压目标」']);
    }
  };

  const submit = (v: Values) => {
    inFlight.current ??= (async () => {
      setSaving(true);
      clearFieldErrors(form);
      try {
        await send(v);
      } finally {
        setSaving(false);
        inFlight.current = null;
      }
    })();
    return inFlight.current;
  };

  const chosen = new Set(allocations.map((a) => a?.teamId).filter(Boolean));
  const teamOptions = (teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }));

  return (
    <Drawer
      open
      title={`分解指标：${target.assignee.name}（${target.period.label}）`}
      size={Math.min(1100, window.innerWidth)}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>关闭</Button>
          <Button type="primary" loading={saving} disabled={saving || !d} onClick={() => form.submit()} data-testid="split-submit">
            保存分解
          </Button>
        </Space>
      }
    >
      {detail.error && <Alert type="error" showIcon title={detail.error.message} />}
      {!d ? (
        !detail.error && <Spin />
      ) : (
        <Form<Values>
          form={form}
          initialValues={{ allocations: d.children.length ? d.children.map((c) => ({ teamId: c.assignee.id, values: toFormValues(c.values) })) : [{ values: {} }], stretch: d.isStretch || d.children.some((c) => c.isStretch) }}
          onFinish={submit}
          onValuesChange={() => {
            // What the service said was about the figures before this change.
            if (problems.length) setProblems([]);
            if (Object.keys(sumErrors).length) setSumErrors({});
          }}
        >
          <Typography.Paragraph type="secondary">
            把「{target.assignee.name}」的指标分解到本区域及下级的招商队；已分解的队伍可直接修改。分解合计不能超过上级指标，加压目标除外。
          </Typography.Paragraph>
          <div style={{ overflowX: 'auto' }}>
            <table className="split-grid ant-table-content" style={{ width: '100%', borderCollapse: 'separate', borderSpacing: '6px 6px' }}>
              <thead>
                <tr>
                  <th style={{ textAlign: 'left', minWidth: 180 }}>招商队</th>
                  {metrics.map((m) => (
                    <th key={m} style={{ textAlign: 'left', minWidth: isAmountMetric(m) ? 140 : 84 }}>
                      {METRIC_SHORT[m]}
                    </th>
                  ))}
                  <th />
                </tr>
              </thead>
              <tbody>
                <Form.List name="allocations">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((field) => {
                        const existing = d.children.some((c) => c.assignee.id === allocations[field.name]?.teamId);
                        return (
                          <tr key={field.key} data-testid="split-row">
                            <td>
                              <Form.Item name={[field.name, 'teamId']} rules={[{ required: true, message: '请选择招商队' }]}>
                                <Select
                                  aria-label="招商队"
                                  placeholder="选择招商队"
                                  disabled={existing}
                                  loading={teams.loading}
                                  showSearch={{ optionFilterProp: 'label' }}
                                  options={teamOptions.map((o) => ({ ...o, disabled: chosen.has(o.value) && o.value !== allocations[field.name]?.teamId }))}
                                />
                              </Form.Item>
                            </td>
                            {metrics.map((m) => (
                              <td key={m}>
                                <Form.Item name={[field.name, 'values', m]} rules={isAmountMetric(m) ? amountRules() : []}>
                                  <ValueInput metric={m} />
                                </Form.Item>
                              </td>
                            ))}
                            <td>
                              {!existing && <Button type="text" aria-label="移除" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />}
                            </td>
                          </tr>
                        );
                      })}
                      <tr>
                        <td colSpan={metrics.length + 2}>
                          <Button icon={<PlusOutlined />} onClick={() => add({ values: {} })} data-testid="split-add">
                            添加招商队
                          </Button>
                        </td>
                      </tr>
                    </>
                  )}
                </Form.List>
              </tbody>
              <tfoot>
                <tr>
                  <th style={{ textAlign: 'left' }}>上级指标</th>
                  {metrics.map((m) => (
                    <td key={m} className="amount">{show(m, d.values[m])}</td>
                  ))}
                  <td />
                </tr>
                <tr>
                  <th style={{ textAlign: 'left' }}>本次分解合计</th>
                  {metrics.map((m) => (
                    <td key={m} className="amount">{show(m, assignedOf(m))}</td>
                  ))}
                  <td />
                </tr>
                <tr data-testid="split-remainder">
                  <th style={{ textAlign: 'left' }}>未分解余量</th>
                  {metrics.map((m) => {
                    const left = remainderOf(m);
                    return (
                      <td key={m} data-metric={m}>
                        <span className={isNegative(left) ? 'amount remainder-negative' : 'amount'} data-testid={`remainder-${m}`}>
                          {show(m, left)}
                        </span>
                        {sumErrors[m] && (
                          <div role="alert">
                            <Typography.Text type="danger">{sumErrors[m]}</Typography.Text>
                          </div>
                        )}
                      </td>
                    );
                  })}
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
          <Form.Item name="stretch" valuePropName="checked" style={{ marginTop: 12 }}>
            <Checkbox>加压目标（允许分解合计超过上级指标）</Checkbox>
          </Form.Item>
          {problems.length > 0 && <Alert type="error" showIcon role="alert" title={problems.join('；')} />}
        </Form>
      )}
    </Drawer>
  );
}
