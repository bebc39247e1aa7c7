import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { toApiError } from '../../api/errors';
import { authFetch } from '../../api/session';
import { beijingDate } from '../../format/date';
import { xlsxUrl } from '../../print/query';
import { ImportWorkbench, type ImportReport } from './ImportWorkbench';

type EnterpriseReport = Schemas['ImportReportView'];
type ProgressReturnReport = Schemas['ProgressReturnReport'];

/**
 * POST /imports/<kind>?dryRun=…, multipart `file`. Imports whose endpoint is newer than the
 * company import share this call; their reports have the company import's shape.
 */
async function postImport<R extends ImportReport>(path: string, form: FormData, dryRun: boolean): Promise<R> {
  const res = await authFetch(new Request(`${path}?dryRun=${dryRun ? 'true' : 'false'}`, { method: 'POST', body: form }));
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as R;
}

/** The month the monthly 调度 return reports: 1–N月 of this year, N this month. */
function scheduleTemplateUrl(): string {
  const today = beijingDate();
  return xlsxUrl('/api/v1/registry/schedule.xlsx', { periodType: 'ytd', year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)), asOf: today });
}

function EnterpriseImport() {
  return (
    <ImportWorkbench<EnterpriseReport>
      title="企业导入"
      upload={(form, dryRun) =>
        ok(
          api.POST('/api/v1/imports/enterprises', {
            params: { query: { dryRun: dryRun ? 'true' : 'false' } },
            body: form as never,
            bodySerializer: (b: unknown) => b as FormData,
          }),
        )
      }
      template={{ url: '/api/v1/enterprises/export.xlsx', name: '企业库.xlsx', label: '导出企业库（可作导入模板）' }}
      hint="表头在第一行，至少包含「企业名称」；可带统一社会信用代码、所属产业链、总部所在地、标签、联系人、职务、手机等列。"
      unit="家"
      extraCounts={(r) => [['联系人', r.contactsCreated]]}
      doneText={(r) => `新建 ${r.created} 家企业，补充 ${r.updated} 家，新增联系人 ${r.contactsCreated} 位`}
    />
  );
}

/** The spreadsheet imports of issue 16: each its endpoint, its template (the matching export) and what a row is. */
interface TableImport {
  key: string;
  tab: string;
  title: string;
  path: string;
  template: () => { url: string; name: string; label: string };
  hint: string;
  /** A row is one … (个项目, 条月报 …): counter and noun. */
  unit: string;
  noun: string;
  /** Counts the import's report adds to the shared ones. */
  extra?: (r: ImportReport) => Array<[string, ReactNode]>;
}

const TABLE_IMPORTS: TableImport[] = [
  {
    key: 'projects',
    tab: '项目清单',
    title: '项目清单导入',
    path: '/api/v1/imports/projects',
    template: () => ({ url: '/api/v1/registry/projects.xlsx', name: '项目清单.xlsx', label: '导出项目清单（可作导入模板）' }),
    hint: '旗县区每月报送的新建、续建项目：须有项目名称、所在旗县区、总投资列，可带项目编号、投资主体、所属产业链、建设性质、新建/续建、项目阶段、计划开工日期、建设规模及内容等列；表头可在标题行之下，（亿元）表头自动换算为万元；带项目编号的行更新该项目。',
    unit: '个',
    noun: '项目',
  },
  {
    key: 'project-progress',
    tab: '项目调度（月报）',
    title: '项目调度月报导入',
    path: '/api/v1/imports/project-progress',
    template: () => ({ url: scheduleTemplateUrl(), name: '项目调度表.xlsx', label: '导出项目调度表（填报模板）' }),
    hint: '各旗县区填好的项目调度表（先导出本月的调度表作模板）：按「项目编号」匹配项目，填写本月完成投资、本月到位资金（或1–N月累计）；填报月份取自标题下的「本月」；小计、合计行自动跳过。',
    unit: '条',
    noun: '月报',
    extra: (r) => {
      // POST /imports/project-progress answers a ProgressReturnReport: the month it writes and what it wrote.
      const p = r as ProgressReturnReport;
      return [
        ['填报月份', p.month ?? '—'],
        ['写入完成投资', `${p.progressWritten} 条`],
        ['写入到位资金', `${p.fundsWritten} 条`],
      ];
    },
  },
  {
    key: 'leads',
    tab: '线索',
    title: '线索导入',
    path: '/api/v1/imports/leads',
    template: () => ({ url: '/api/v1/leads/export.xlsx', name: '线索.xlsx', label: '导出线索（可作导入模板）' }),
    hint: '从表格迁入的历史线索：须有线索名称、企业名称、招商队、负责人、所属产业链、招商方式、阶段列，可带拟落地旗县区、客商来源地、拟投资额（万元）、预计签约日期等列；带线索编号的行更新该线索。',
    unit: '条',
    noun: '线索',
  },
  {
    key: 'interactions',
    tab: '走访记录',
    title: '走访记录导入',
    path: '/api/v1/imports/interactions',
    template: () => ({ url: '/api/v1/interactions/export.xlsx', name: '走访记录.xlsx', label: '导出走访记录（可作导入模板）' }),
    hint: '从表格迁入的历史对接、走访记录：须有日期、企业名称、对接方式、招商队、记录人、对接情况列，可带走访人员、对接人、地点、对接成效、下次跟进日期等列；同一条记录再次导入不会重复。',
    unit: '条',
    noun: '记录',
  },
];

function TableImportPage({ kind }: { kind: TableImport }) {
  return (
    <ImportWorkbench
      title={kind.title}
      upload={(form, dryRun) => postImport(kind.path, form, dryRun)}
      template={kind.template()}
      hint={kind.hint}
      unit={kind.unit}
      extraCounts={kind.extra}
      doneText={(r) => `新建 ${r.created} ${kind.unit}${kind.noun}，更新 ${r.updated} ${kind.unit}，${r.unchanged} ${kind.unit}无改动`}
    />
  );
}

const TABS = [{ key: 'enterprises', label: '企业' }, ...TABLE_IMPORTS.map((k) => ({ key: k.key, label: k.tab }))];

/** 数据导入: one tab per import, each with its template (the matching export), check and import. */
export default function ImportPage() {
  const { kind = 'enterprises' } = useParams();
  const navigate = useNavigate();
  const table = TABLE_IMPORTS.find((k) => k.key === kind);
  return (
    <div style={{ maxWidth: 1080, margin: '0 auto' }}>
      <Tabs activeKey={table?.key ?? 'enterprises'} onChange={(k) => navigate(k === 'enterprises' ? '/imports' : `/imports/${k}`)} items={TABS} />
      {table ? <TableImportPage key={table.key} kind={table} /> : <EnterpriseImport />}
    </div>
  );
}
