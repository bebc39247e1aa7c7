import { Alert, Form, Modal, Radio, Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, type FieldPath, showNestedFieldErrors } from '../../api/form-errors';
import { useLoad } from '../../api/hooks';
import type { TargetView } from '../../api/views';
import { periodLabel, periodQuery, type Period } from '../../components/period';
import { amountRules } from '../../components/AmountInput';
import { isAmountMetric, METRIC_LABEL, METRICS, type Metric } from '../../format/metrics';
import { toApiValues, toFormValues, type ValuesForm } from './target-values';
import { ValueInput } from './ValueInput';

interface Values {
  assigneeType: 'unit' | 'team';
  regionUnitId?: string;
  teamId?: string;
  values: ValuesForm;
}

const LEVEL_INDENT: Record<string, string> = { city: '', county: '　', township: '　　', village: '　　　' };
const LEVEL_LABEL: Record<string, string> = { city: '市', county: '旗县区', township: '乡镇街道', village: '村' };

/**
 * 下达指标 (admin) for the page's period to a region unit or a team; or, given `editing`, changes
 * a target's values (PATCH with its version). The API's errors land beside the field they name.
 */
export default function AssignDialog({ period, editing, onDone, onCancel }: { period: Period; editing?: TargetView; onDone: (t: TargetView) => void; onCancel: () => void }) {
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const [valuesError, setValuesError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const assigneeType = Form.useWatch('assigneeType', form) ?? 'unit';
  const regions = useLoad(() => (editing ? Promise.resolve({ items: [], nextCursor: null, total: 0 }) : ok(api.GET('/api/v1/regions', { params: { query: { limit: 200 } } }))), []);
  const teams = useLoad(() => (editing ? Promise.resolve({ items: [], nextCursor: null, total: 0 }) : ok(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } }))), []);

  const place = (path: FieldPath): FieldPath | null => {
    const [head, metric] = path;
    if (head === 'values' && path.length === 2 && METRICS.includes(metric as Metric)) return path;
    if (!editing && path.length === 1 && (head === 'regionUnitId' || head === 'teamId')) return [head];
    return null;
  };

  const send = async (v: Values) => {
    setProblems([]);
    setValuesError(undefined);
    try {
      const values = toApiValues(v.values);
      const saved = editing
        ? await ok(api.PATCH('/api/v1/targets/{id}', { params: { path: { id: editing.id } }, body: { values, version: editing.version } }))
        : await ok(
            api.POST('/api/v1/targets', {
              body: { ...periodQuery(period), ...(v.assigneeType === 'unit' ? { regionUnitId: v.regionUnitId } : { teamId: v.teamId }), values },
            }),
          );
      onDone(saved);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message: String(e) });
      if (err.code === 'TARGET_EXISTS' && !editing) {
        // The assignee already has a target this period: said beside the assignee.
        form.setFields([{ name: v.assigneeType === 'unit' ? 'regionUnitId' : 'teamId', errors: [`${err.message}（${periodLabel(period)}）`] }]);
        return;
      }
      if (err.code === 'NOT_FOUND' && editing) {
        setProblems([`只有管理员或分管「${editing.assignee.name}」上级区域的领导可以修改此指标`]);
        return;
      }
      if (err.code === 'TARGET_VERSION_CONFLICT') {
        setProblems([`${err.message}（关闭后列表会刷新）`]);
        return;
      }
      const group = err.fieldErrors.filter((f) => f.field === 'values').map((f) => f.message);
      if (group.length) setValuesError(group.join('；'));
      const rest = showNestedFieldErrors(form, err, place).filter((m) => !group.includes(m));
      if (!err.fieldErrors.length) setProblems([err.message]);
      else if (rest.length) setProblems(rest);
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

  const regionOptions = (regions.data?.items ?? [])
    .filter((r) => r.level !== 'village')
    .map((r) => ({ value: r.id, label: r.name, indent: LEVEL_INDENT[r.level] ?? '', title: `${r.name}（${LEVEL_LABEL[r.level] ?? r.level}）`, search: `${r.name} ${r.code ?? ''}` }));

  return (
    <Modal
      open
      title={editing ? `修改指标：${editing.assignee.name}（${editing.period.label}）` : `下达指标（${periodLabel(period)}）`}
      okText={editing ? '保存' : '下达'}
      cancelText="取消"
      width={640}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'assign-submit', disabled: saving } as never}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ assigneeType: 'unit', values: editing ? toFormValues(editing.values) : {} }} onFinish={submit} onValuesChange={() => valuesError && setValuesError(undefined)}>
        {!editing && (
          <>
            <Form.Item name="assigneeType" label="下达给">
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'unit', label: '区域单位' },
                  { value: 'team', label: '招商队' },
                ]}
                onChange={() => form.setFields([{ name: 'regionUnitId', errors: [] }, { name: 'teamId', errors: [] }])}
              />
            </Form.Item>
            {assigneeType === 'unit' ? (
              <Form.Item name="regionUnitId" label="区域单位" rules={[{ required: true, message: '请选择区域单位' }]}>
                <Select
                  showSearch={{ optionFilterProp: 'search' }}
                  placeholder="选择市、旗县区或乡镇"
                  options={regionOptions}
                  optionRender={(o) => `${o.data.indent}${o.data.label}`}
                  loading={regions.loading}
                />
              </Form.Item>
            ) : (
              <Form.Item name="teamId" label="招商队" rules={[{ required: true, message: '请选择招商队' }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder="选择招商队"
                  loading={teams.loading}
                  options={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
                />
              </Form.Item>
            )}
          </>
        )}
        <Typography.Text strong>指标值</Typography.Text>
        <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
          留空的项不下达；金额单位万元
        </Typography.Text>
        {valuesError && (
          <div role="alert" style={{ marginTop: 4 }}>
            <Typography.Text type="danger">{valuesError}</Typography.Text>
          </div>
        )}
        <div className="form-row" style={{ marginTop: 8 }}>
          {METRICS.map((m) => (
            <Form.Item key={m} name={['values', m]} label={METRIC_LABEL[m]} rules={isAmountMetric(m) ? amountRules() : []}>
              <ValueInput metric={m} />
            </Form.Item>
          ))}
        </div>
        {problems.length > 0 && <Alert type="error" showIcon role="alert" title={problems.join('；')} />}
      </Form>
    </Modal>
  );
}
