import { Alert, Button, Checkbox, Form, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useFormSave } from './useFormSave';
import { LEVEL_LABEL } from './region-labels';

type Report = Schemas['DivisionImportReport'];
type Item = Schemas['DivisionImportItem'];
type Action = Item['action'];

interface Values {
  provinceCode?: string;
  cityCode?: string;
  includeVillages: boolean;
}

const ACTION: Record<Action, { label: string; color: string }> = {
  create: { label: '新建', color: 'green' },
  match: { label: '已有', color: 'default' },
  keep: { label: '保留（已有业务数据）', color: 'blue' },
  conflict: { label: '冲突', color: 'red' },
};

const FIELDS = ['provinceCode', 'cityCode', 'includeVillages'];

/**
 * 从行政区划导入: pick a province and a city of the official list (served by the API, so the
 * list never enters the web bundle), preview what the import would do, then import.
 */
export default function DivisionImportDialog({ onImported, onCancel }: { onImported(report: Report): void; onCancel(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, problem, run } = useFormSave(form, FIELDS);
  const [preview, setPreview] = useState<{ key: string; report: Report }>();
  const provinceCode = Form.useWatch('provinceCode', form);
  const cityCode = Form.useWatch('cityCode', form);
  const includeVillages = Form.useWatch('includeVillages', form);
  const provinces = useLoad(() => ok(api.GET('/api/v1/regions/divisions/provinces')), []);
  const cities = useLoad(
    () => (provinceCode ? ok(api.GET('/api/v1/regions/divisions/provinces/{provinceCode}/cities', { params: { path: { provinceCode } } })) : Promise.resolve([])),
    [provinceCode],
  );
  const keyOf = (v: Partial<Values>) => `${v.provinceCode}|${v.cityCode}|${v.includeVillages ? 1 : 0}`;
  const current = preview && preview.key === keyOf({ provinceCode, cityCode, includeVillages }) ? preview.report : undefined;
  const changes = current ? current.totals.create + current.items.filter((i) => i.fillsCode).length : 0;

  const call = (dryRun: boolean) =>
    run(async () => {
      const v = await form.validateFields();
      const report = await ok(
        api.POST('/api/v1/regions/divisions/import', { body: { provinceCode: v.provinceCode as string, cityCode: v.cityCode as string, includeVillages: v.includeVillages, dryRun } }),
      );
      if (dryRun) setPreview({ key: keyOf(v), report });
      else onImported(report);
    });

  return (
    <Modal
      open
      width={860}
      title="从行政区划导入"
      onCancel={onCancel}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onCancel}>取消</Button>
          <Button onClick={() => call(true)} loading={saving && !current} disabled={saving}>
            预览
          </Button>
          <Button type="primary" onClick={() => call(false)} disabled={!current || changes === 0 || saving} loading={saving && !!current}>
            导入
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        按国家统计局行政区划（GB/T 2260）建立一个市的旗县区、乡镇街道，可含村（居）委会。先预览，再导入；可重复导入，已有的单位按代码或同一上级下的名称匹配，已有业务数据的单位保持不变。
      </Typography.Paragraph>
      {(provinces.error || cities.error) && <Alert type="error" showIcon title={(provinces.error ?? cities.error)?.message} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} name="division-import" layout="vertical" initialValues={{ includeVillages: false }}>
        <div className="form-row">
          <Form.Item name="provinceCode" label="省份" rules={[{ required: true, message: '请选择省份' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={provinces.loading}
              placeholder="选择省份"
              options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
              onChange={() => form.setFieldValue('cityCode', undefined)}
            />
          </Form.Item>
          <Form.Item name="cityCode" label="城市" rules={[{ required: true, message: '请选择城市' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              disabled={!provinceCode}
              loading={cities.loading}
              placeholder="选择城市"
              options={(cities.data ?? []).map((c) => ({ value: c.code, label: `${c.name} ${c.code}` }))}
            />
          </Form.Item>
          <Form.Item name="includeVillages" label="村级" valuePropName="checked">
            <Checkbox>包含村（居）委会</Checkbox>
          </Form.Item>
        </div>
      </Form>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      {current && <PreviewTables report={current} changes={changes} />}
    </Modal>
  );
}

function PreviewTables({ report, changes }: { report: Report; changes: number }) {
  return (
    <div data-testid="division-preview">
      <Typography.Text strong>
        {report.city.name}（{report.city.code}）预览：{changes === 0 ? '没有需要导入的单位' : `将新建 ${report.totals.create} 个单位`}
      </Typography.Text>
      <Table
        size="small"
        style={{ margin: '8px 0 12px' }}
        pagination={false}
        rowKey="level"
        dataSource={report.byLevel}
        columns={[
          { title: '层级', dataIndex: 'level', render: (l: Item['level']) => LEVEL_LABEL[l] },
          { title: '新建', dataIndex: 'create' },
          { title: '已有', dataIndex: 'match' },
          { title: '保留（已有业务数据）', dataIndex: 'keep' },
          { title: '冲突', dataIndex: 'conflict' },
        ]}
      />
      <Table<Item>
        size="small"
        rowKey="code"
        dataSource={report.items}
        pagination={{ pageSize: 10, showSizeChanger: false, showTotal: (n) => `共 ${n} 个单位` }}
        columns={[
          { title: '代码', dataIndex: 'code', width: 130 },
          { title: '名称', dataIndex: 'name' },
          { title: '层级', dataIndex: 'level', width: 90, render: (l: Item['level']) => LEVEL_LABEL[l] },
          {
            title: '处理',
            dataIndex: 'action',
            width: 170,
            filters: (Object.keys(ACTION) as Action[]).map((a) => ({ text: ACTION[a].label, value: a })),
            onFilter: (value, item) => item.action === value,
            render: (a: Action, item) => (
              <>
                <Tag color={ACTION[a].color}>{ACTION[a].label}</Tag>
                {item.fillsCode && <Tag>补填代码</Tag>}
              </>
            ),
          },
          {
            title: '说明',
            dataIndex: 'reason',
            render: (r: string | null, item) => [r, item.skippedBelow ? `其下 ${item.skippedBelow} 个单位未导入` : null].filter(Boolean).join('；'),
          },
        ]}
      />
    </div>
  );
}
