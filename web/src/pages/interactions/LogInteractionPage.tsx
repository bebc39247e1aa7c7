import { Alert, Button, Card, DatePicker, Form, Input, message as toast, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, showFieldErrors } from '../../api/form-errors';
import type { ContactView, EnterpriseView, InteractionType, TeamMemberView, TeamView } from '../../api/views';
import { useAuth } from '../../auth/AuthProvider';
import { beijingDate } from '../../format/date';
import { EnterpriseSelect } from './EnterpriseSelect';
import { newIdempotencyKey } from '../../api/idempotency';
import '../../format/calendar';

const NewEnterpriseDialog = lazy(() => import('../enterprises/NewEnterpriseDialog'));

const TYPES: Array<{ value: InteractionType; label: string }> = [
  { value: 'visit', label: '外出拜访' },
  { value: 'inbound_visit', label: '来访考察' },
  { value: 'call', label: '电话沟通' },
  { value: 'video', label: '视频会议' },
  { value: 'promotion_event', label: '推介会' },
  { value: 'signing_ceremony', label: '签约活动' },
];

interface Values {
  enterpriseId?: string;
  teamId?: string;
  type: InteractionType;
  occurredAt: Dayjs;
  participantIds: string[];
  contactIds: string[];
  location?: string;
  summary?: string;
  outcome?: string;
  nextFollowUpAt?: Dayjs | null;
}

const FIELDS = ['enterpriseId', 'teamId', 'type', 'occurredAt', 'participantIds', 'contactIds', 'location', 'summary', 'outcome', 'nextFollowUpAt'] as const;
const DATE_FORMAT = 'YYYY年M月D日';
const draftKey = (userId: string) => `crm.draft.interaction.${userId}`;

type Draft = Omit<Values, 'occurredAt' | 'nextFollowUpAt'> & { occurredAt?: string; nextFollowUpAt?: string | null };

function readDraft(userId: string): Partial<Values> | null {
  try {
    const raw = localStorage.getItem(draftKey(userId));
    if (!raw) return null;
    const d = JSON.parse(raw) as Draft;
    return { ...d, occurredAt: d.occurredAt ? dayjs(d.occurredAt) : dayjs(), nextFollowUpAt: d.nextFollowUpAt ? dayjs(d.nextFollowUpAt) : null };
  } catch {
    return null;
  }
}

/**
 * 记录对接: a few taps on a phone. What was typed survives a lost network, an expired session
 * (the sign-in dialog opens over the form) and a reload (a draft in this browser).
 */
export default function LogInteractionPage() {
  const { user } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [teams, setTeams] = useState<TeamView[]>([]);
  const [members, setMembers] = useState<TeamMemberView[]>([]);
  const [contacts, setContacts] = useState<ContactView[]>([]);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [restored] = useState(() => (user ? readDraft(user.id) : null));
  // 记录对接 opened from an enterprise's page: that enterprise, not a stale draft's.
  const [params] = useSearchParams();
  const presetEnterprise = params.get('enterpriseId') ?? undefined;
  /** The new-enterprise dialog, open with the name typed in the search. */
  const [creating, setCreating] = useState<string>();
  // One save at a time: a second click while the first is on its way gets the same promise.
  const inFlight = useRef<Promise<void> | null>(null);
  // Kept while the values stay the same: a retry after a lost answer is then recognised by the service.
  const submission = useRef(newIdempotencyKey());
  const enterpriseId = Form.useWatch('enterpriseId', form);
  const teamId = Form.useWatch('teamId', form);

  useEffect(() => {
    ok(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } }))
      .then((page) => {
        setTeams(page.items);
        if (!form.getFieldValue('teamId') && page.items.length === 1) form.setFieldValue('teamId', page.items[0]!.id);
      })
      .catch(() => setTeams([]));
  }, [form]);

  useEffect(() => {
    if (!teamId) return setMembers([]);
    ok(api.GET('/api/v1/teams/{id}/members', { params: { path: { id: teamId } } }))
      .then((list) => setMembers(list.filter((m) => m.isActive)))
      .catch(() => setMembers([]));
  }, [teamId]);

  useEffect(() => {
    if (!enterpriseId) return setContacts([]);
    ok(api.GET('/api/v1/enterprises/{enterpriseId}/contacts', { params: { path: { enterpriseId } } }))
      .then(setContacts)
      .catch(() => setContacts([]));
  }, [enterpriseId]);

  const saveDraft = () => {
    submission.current = newIdempotencyKey();
    if (!user) return;
    const v = form.getFieldsValue(true) as Values;
    const draft: Draft = { ...v, occurredAt: v.occurredAt?.format('YYYY-MM-DD'), nextFollowUpAt: v.nextFollowUpAt?.format('YYYY-MM-DD') ?? null };
    localStorage.setItem(draftKey(user.id), JSON.stringify(draft));
  };

  const send = async (v: Values) => {
    setProblems([]);
    try {
      await ok(
        api.POST('/api/v1/interactions', {
          headers: { 'Idempotency-Key': submission.current },
          body: {
            enterpriseId: v.enterpriseId!,
            teamId: v.teamId,
            type: v.type,
            occurredAt: v.occurredAt.format('YYYY-MM-DD'),
            participantIds: v.participantIds?.length ? v.participantIds : undefined,
            contactIds: v.contactIds?.length ? v.contactIds : undefined,
            location: v.location?.trim() || null,
            summary: v.summary ?? '',
            outcome: v.outcome?.trim() || null,
            nextFollowUpAt: v.nextFollowUpAt ? v.nextFollowUpAt.format('YYYY-MM-DD') : null,
          },
        }),
      );
      if (user) localStorage.removeItem(draftKey(user.id));
      // A global toast: this page unmounts as 今日 opens, and the toast should stay.
      void toast.success('对接记录已保存');
      navigate('/today');
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message: String(e) });
      const rest = showFieldErrors(form, err, FIELDS);
      setProblems(err.fieldErrors.length ? rest : [err.message]);
      const first = FIELDS.find((f) => form.getFieldError(f).length > 0);
      if (first) form.scrollToField(first, { block: 'center' });
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

  // Until the team's members arrive, the user is still shown by name.
  const participantOptions = members.length ? members.map((m) => ({ value: m.userId, label: m.displayName })) : user ? [{ value: user.id, label: user.displayName }] : [];
  const today = dayjs(beijingDate());
  const fresh: Partial<Values> = { type: 'visit', occurredAt: today, participantIds: user ? [user.id] : [], contactIds: [] };
  const initial: Partial<Values> = presetEnterprise
    ? { ...(restored?.enterpriseId === presetEnterprise ? restored : fresh), enterpriseId: presetEnterprise }
    : (restored ?? fresh);

  /** The enterprise (and contact) just added: chosen on the form, and the member carries on. */
  const created = (enterprise: EnterpriseView, contact: ContactView | null) => {
    setCreating(undefined);
    if (contact) setContacts((list) => (list.some((c) => c.id === contact.id) ? list : [...list, contact]));
    form.setFieldsValue({ enterpriseId: enterprise.id, contactIds: contact ? [contact.id] : [] });
    form.setFields([{ name: 'enterpriseId', errors: [] }]);
    saveDraft();
    void toast.success(contact ? `已选用「${enterprise.name}」和联系人${contact.name}` : `已选用「${enterprise.name}」`);
  };

  return (
    <Card variant="borderless" style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        记录对接
      </Typography.Title>
      {restored && (!presetEnterprise || restored.enterpriseId === presetEnterprise) && <Alert type="info" showIcon title="已恢复上次未保存的内容" style={{ marginBottom: 12 }} closable />}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} onValuesChange={saveDraft} disabled={false}>
        <Form.Item
          name="enterpriseId"
          label="对接企业"
          rules={[{ required: true, message: '请选择对接的企业' }]}
          extra={
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setCreating('')} data-testid="add-enterprise">
              找不到企业？新增企业及联系人
            </Button>
          }
        >
          <EnterpriseSelect
            onCreate={setCreating}
            onChange={(id) => {
              form.setFieldsValue({ enterpriseId: id, contactIds: [] });
              saveDraft();
            }}
          />
        </Form.Item>
        {/* One team: recorded under it without asking; several: the member picks. */}
        <Form.Item name="teamId" label="招商队" hidden={teams.length <= 1} rules={[{ required: teams.length > 1, message: '请选择记在哪个招商队名下' }]}>
          <Select options={teams.map((t) => ({ value: t.id, label: t.name }))} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="type" label="对接方式" rules={[{ required: true, message: '请选择对接方式' }]}>
            <Select options={TYPES} />
          </Form.Item>
          <Form.Item name="occurredAt" label="对接日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker format={DATE_FORMAT} inputReadOnly allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today, 'day')} />
          </Form.Item>
        </div>
        <Form.Item name="participantIds" label="走访人员">
          <Select mode="multiple" placeholder="默认为本人" optionFilterProp="label" options={participantOptions} />
        </Form.Item>
        <Form.Item name="contactIds" label="对接的企业联系人">
          <Select
            mode="multiple"
            placeholder={enterpriseId ? (contacts.length ? '选择见到的联系人' : '该企业暂无联系人') : '先选择企业'}
            disabled={!enterpriseId}
            optionFilterProp="label"
            options={contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name}（${c.title}）` : c.name }))}
          />
        </Form.Item>
        <Form.Item name="location" label="地点">
          <Input maxLength={200} placeholder="如：北京市朝阳区" />
        </Form.Item>
        <Form.Item name="summary" label="对接情况" rules={[{ required: true, whitespace: true, message: '请填写对接情况' }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount placeholder="谈了什么、企业的意向和顾虑" />
        </Form.Item>
        <Form.Item name="outcome" label="对接成效">
          <Input.TextArea rows={2} maxLength={2000} placeholder="如：达成考察意向" />
        </Form.Item>
        <Form.Item name="nextFollowUpAt" label="下次跟进日期" extra="到期当天会提醒，逾期会提醒分管领导">
          <DatePicker format={DATE_FORMAT} inputReadOnly style={{ width: '100%' }} disabledDate={(d) => d.isBefore(today, 'day')} />
        </Form.Item>
        {/* Beside the button just pressed, where a phone's screen is. */}
        {problems.length > 0 && (
          <Alert type="error" showIcon role="alert" data-testid="form-error" title={problems.length === 1 ? problems[0] : '保存失败'} description={problems.length > 1 ? problems.join('；') : undefined} style={{ marginBottom: 12 }} />
        )}
        <Button type="primary" htmlType="submit" size="large" block loading={saving} disabled={saving} data-testid="save-interaction">
          保存
        </Button>
      </Form>
      {creating !== undefined && (
        <Suspense fallback={null}>
          <NewEnterpriseDialog initialName={creating} onDone={created} onCancel={() => setCreating(undefined)} />
        </Suspense>
      )}
    </Card>
  );
}
