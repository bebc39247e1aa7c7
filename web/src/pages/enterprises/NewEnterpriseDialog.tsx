import { Alert, Button, ConfigProvider, Divider, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { clearFieldErrors, type FieldPath, showNestedFieldErrors } from '../../api/form-errors';
import { useLoad } from '../../api/hooks';
import type { ContactView, EnterpriseView } from '../../api/views';
import { ENTERPRISE_TAGS, MOBILE_PATTERN } from './enterprise-fields';

interface Values {
  name: string;
  shortName?: string;
  creditCode?: string;
  industryChainId?: string;
  hqProvince?: string;
  hqCity?: string;
  tags?: EnterpriseView['tags'];
  contact: { name?: string; title?: string; mobile?: string; landline?: string };
}

/** The API's 409 ENTERPRISE_DUPLICATE details: the enterprise that already has this code or name. */
interface Duplicate {
  existingId: string;
  existingName: string;
  matchedOn: 'creditCode' | 'name';
}

interface Props {
  /** What the member typed in the search: the new enterprise's name to start from. */
  initialName?: string;
  /** Edit this enterprise instead (PATCH; no contact part). */
  editing?: EnterpriseView;
  onDone(enterprise: EnterpriseView, contact: ContactView | null): void;
  onCancel(): void;
}

const ENTERPRISE_FIELDS = ['name', 'shortName', 'creditCode', 'industryChainId', 'hqProvince', 'hqCity', 'tags'];
const CONTACT_FIELDS = ['name', 'title', 'mobile', 'landline'];

const blank = (s: string | undefined) => (s?.trim() ? s.trim() : null);

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : ApiError.network();
}

/**
 * 新增企业 with its first contact person, from the log form when the search found nothing.
 * Two calls (the enterprise, then its contact): when the second fails the enterprise is kept and
 * 保存 retries only the contact. A 409 names the enterprise that already exists: use that one.
 */
export default function NewEnterpriseDialog({ initialName, editing, onDone, onCancel }: Props) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [duplicate, setDuplicate] = useState<Duplicate>();
  const [savedName, setSavedName] = useState<string>();
  // Created on an earlier try whose contact failed: not created twice.
  const created = useRef<EnterpriseView | null>(null);
  const inFlight = useRef(false);
  const chains = useLoad(() => ok(api.GET('/api/v1/industry-chains', { params: { query: { limit: 200 } } })), []);

  /** API field → this form's field: enterprise fields at the top, the contact's under `contact`. */
  const placeFor =
    (part: 'enterprise' | 'contact') =>
    (path: FieldPath): FieldPath | null => {
      const [head] = path;
      if (path.length !== 1 || typeof head !== 'string') return null;
      if (part === 'contact') return CONTACT_FIELDS.includes(head) ? ['contact', head] : null;
      if (head === 'overrideChecksum') return ['creditCode'];
      return ENTERPRISE_FIELDS.includes(head) ? [head] : null;
    };

  const addContact = async (enterpriseId: string, v: Values): Promise<ContactView | null> => {
    const c = v.contact ?? {};
    if (!blank(c.name)) return null;
    const body = { name: c.name!.trim(), title: blank(c.title), mobile: blank(c.mobile), landline: blank(c.landline) };
    return ok(api.POST('/api/v1/enterprises/{enterpriseId}/contacts', { params: { path: { enterpriseId } }, body: body as never }));
  };

  const fail = (e: unknown, part: 'enterprise' | 'contact') => {
    const err = asApiError(e);
    if (err.code === 'ENTERPRISE_DUPLICATE' && err.details && !Array.isArray(err.details) && !editing) {
      setDuplicate(err.details as unknown as Duplicate);
      setProblem(undefined);
      return;
    }
    const rest = showNestedFieldErrors(form, err, placeFor(part));
    const taken = err.fieldErrors.length - rest.length;
    setProblem(taken > 0 ? (rest.length ? rest.join('；') : undefined) : err.message);
    if (part === 'contact' && created.current) setProblem((p) => `企业已保存，联系人未保存：${p ?? '请按提示修改后重试'}`);
  };

  const save = async (v: Values) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    clearFieldErrors(form);
    setProblem(undefined);
    setDuplicate(undefined);
    let part: 'enterprise' | 'contact' = 'enterprise';
    try {
      let enterprise = created.current;
      const body = {
        name: v.name.trim(),
        shortName: blank(v.shortName),
        creditCode: blank(v.creditCode),
        industryChainId: v.industryChainId ?? null,
        hqProvince: blank(v.hqProvince),
        hqCity: blank(v.hqCity),
        tags: v.tags ?? [],
      };
      if (editing) {
        onDone(await ok(api.PATCH('/api/v1/enterprises/{id}', { params: { path: { id: editing.id } }, body: body as never })), null);
        return;
      }
      if (!enterprise) {
        enterprise = await ok(api.POST('/api/v1/enterprises', { body: body as never }));
        created.current = enterprise;
        setSavedName(enterprise.name);
      }
      part = 'contact';
      const contact = await addContact(enterprise.id, v);
      onDone(enterprise, contact);
    } catch (e) {
      fail(e, part);
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  /** The 409's enterprise: taken with the contact typed here (unless it already has someone of that name). */
  const useExisting = async () => {
    if (!duplicate || inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    clearFieldErrors(form);
    setProblem(undefined);
    try {
      const id = duplicate.existingId;
      const [enterprise, contacts] = await Promise.all([
        ok(api.GET('/api/v1/enterprises/{id}', { params: { path: { id } } })),
        ok(api.GET('/api/v1/enterprises/{enterpriseId}/contacts', { params: { path: { enterpriseId: id } } })),
      ]);
      const v = form.getFieldsValue(true) as Values;
      const name = blank(v.contact?.name);
      const known = name ? contacts.find((c) => c.name === name) : undefined;
      const contact = known ?? (await addContact(id, v));
      onDone(enterprise, contact);
    } catch (e) {
      fail(e, 'contact');
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={editing ? '编辑企业' : '新增企业'}
      okText={editing ? '保存' : '保存并选用'}
      cancelText="取消"
      confirmLoading={saving}
      okButtonProps={{ disabled: saving, 'data-testid': 'new-enterprise-save' } as never}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<Values> form={form} layout="vertical" initialValues={
          editing
            ? {
                name: editing.name,
                shortName: editing.shortName ?? '',
                creditCode: editing.creditCode ?? '',
                industryChainId: editing.industryChainId ?? undefined,
                hqProvince: editing.hqProvince ?? '',
                hqCity: editing.hqCity ?? '',
                tags: editing.tags,
                contact: {},
              }
            : { name: initialName ?? '', contact: {} }
        } onFinish={save}>
        {savedName && <Alert type="info" showIcon title={`企业「${savedName}」已保存；请修改联系人后再保存`} style={{ marginBottom: 12 }} />}
        <ConfigProvider componentDisabled={savedName !== undefined}>
        <Form.Item name="name" label="企业名称" rules={[{ required: true, whitespace: true, message: '请填写企业全称' }, { min: 2, message: '企业名称至少 2 个字' }]}>
          <Input maxLength={200} placeholder="营业执照上的全称" autoComplete="off" />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="shortName" label="简称">
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item name="creditCode" label="统一社会信用代码" extra="18 位，可不填" normalize={(s: string) => s.toUpperCase()}>
            <Input maxLength={32} autoComplete="off" placeholder="如 91150500MA0N0XXXXX" />
          </Form.Item>
        </div>
        <Form.Item name="industryChainId" label="产业链">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} loading={chains.loading} options={(chains.data?.items ?? []).filter((c) => c.isActive).map((c) => ({ value: c.id, label: c.name }))} placeholder="选择所属产业链" />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="hqProvince" label="总部省份">
            <Input maxLength={32} placeholder="如：北京市" />
          </Form.Item>
          <Form.Item name="hqCity" label="总部城市">
            <Input maxLength={32} placeholder="如：北京市" />
          </Form.Item>
        </div>
        <Form.Item name="tags" label="企业标签">
          <Select mode="multiple" allowClear options={ENTERPRISE_TAGS.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
        </ConfigProvider>
        {!editing && (
          <>
            <Divider titlePlacement="start" plain>
              首位联系人
            </Divider>
            <div className="form-row">
              <Form.Item name={['contact', 'name']} label="联系人姓名">
                <Input maxLength={64} autoComplete="off" />
              </Form.Item>
              <Form.Item name={['contact', 'title']} label="职务">
                <Input maxLength={64} autoComplete="off" placeholder="如：投资发展部总监" />
              </Form.Item>
            </div>
            <div className="form-row">
              <Form.Item name={['contact', 'mobile']} label="手机" rules={[{ pattern: MOBILE_PATTERN, message: '请输入 11 位手机号' }]}>
                <Input maxLength={11} inputMode="tel" autoComplete="off" />
              </Form.Item>
              <Form.Item name={['contact', 'landline']} label="座机">
                <Input maxLength={20} inputMode="tel" autoComplete="off" placeholder="如 0475-8231234" />
              </Form.Item>
            </div>
          </>
        )}
        {duplicate && (
          <Alert
            type="warning"
            showIcon
            data-testid="enterprise-duplicate"
            title={`企业已存在（${duplicate.matchedOn === 'creditCode' ? '信用代码相同' : '名称相同'}）：${duplicate.existingName}`}
            description={
              <Space orientation="vertical" size={4}>
                <Typography.Text>可直接选用已有企业{blank(form.getFieldValue(['contact', 'name']) as string | undefined) ? '，并把上面填写的联系人加到该企业' : ''}。</Typography.Text>
                <Button type="primary" size="small" onClick={() => void useExisting()} loading={saving} data-testid="use-existing-enterprise">
                  选用「{duplicate.existingName}」
                </Button>
              </Space>
            }
          />
        )}
        {problem && <Alert type="error" showIcon role="alert" title={problem} data-testid="new-enterprise-error" />}
      </Form>
    </Modal>
  );
}
