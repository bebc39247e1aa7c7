import { EnumOption } from '../../common/spreadsheet/cells';
import { TableDefinition } from '../../common/spreadsheet/table-import';
import { LEVEL_LABELS, LIFECYCLE_LABELS, NATURE_LABELS, ProjectLevel, ProjectLifecycle, ProjectNature } from '../entities/project-enums';

/**
 * The columns of the 项目清单, shared by the import (which finds them by header) and the
 * export GET /registry/projects.xlsx (which writes them in this order, so that an export
 * imports back unchanged: it is the template the counties fill in).
 */
export type ProjectColumnKey =
  | 'id'
  | 'name'
  | 'enterprise'
  | 'creditCode'
  | 'county'
  | 'chain'
  | 'nature'
  | 'continuing'
  | 'level'
  | 'lifecycle'
  | 'totalInvestment'
  | 'plannedStartOn'
  | 'startedOn'
  | 'plannedCompletionOn'
  | 'capacity'
  | 'expectedOutputValue'
  | 'expectedTax'
  | 'owner'
  | 'notes';

const options = <T extends string>(labels: Record<T, string>, synonyms: Partial<Record<T, string[]>> = {}): EnumOption<T>[] =>
  (Object.entries(labels) as Array<[T, string]>).map(([value, label]) => ({ value, label, synonyms: synonyms[value] ?? [] }));

/** 新建/续建: projects.is_continuing. */
export const CONTINUING_LABELS = { new: '新建', continuing: '续建' } as const;

export const PROJECT_TABLE: TableDefinition<ProjectColumnKey> = {
  columns: [
    { key: 'id', header: '项目编号', synonyms: ['项目id', '编号', '项目代码'], kind: { type: 'text', maxLength: 64 } },
    { key: 'name', header: '项目名称', synonyms: ['项目'], required: true, kind: { type: 'text', maxLength: 200, oneLine: true } },
    { key: 'enterprise', header: '投资主体', synonyms: ['投资企业', '项目业主', '业主单位', '建设单位', '企业名称', '项目单位'], kind: { type: 'text', maxLength: 200, oneLine: true } },
    { key: 'creditCode', header: '统一社会信用代码', synonyms: ['信用代码', '社会信用代码'], kind: { type: 'text', maxLength: 40 } },
    { key: 'county', header: '所在旗县区', synonyms: ['旗县区', '所在地', '所属旗县区', '县区', '所在区域', '落地旗县区'], required: true, kind: { type: 'text', maxLength: 64, oneLine: true } },
    { key: 'chain', header: '所属产业链', synonyms: ['产业链', '所属产业'], kind: { type: 'text', maxLength: 64, oneLine: true } },
    {
      key: 'nature',
      header: '建设性质',
      kind: { type: 'enum', options: options(NATURE_LABELS, { [ProjectNature.Renovation]: ['改建', '技改', '技术改造'], [ProjectNature.Relocation]: ['搬迁'] }) },
    },
    { key: 'continuing', header: '新建/续建', synonyms: ['新建续建', '新续建', '建设类型'], kind: { type: 'enum', options: options(CONTINUING_LABELS) } },
    { key: 'level', header: '项目级别', synonyms: ['级别'], kind: { type: 'enum', options: options(LEVEL_LABELS, { [ProjectLevel.General]: ['一般项目'] }) } },
    {
      key: 'lifecycle',
      header: '项目阶段',
      synonyms: ['阶段', '项目进展阶段', '当前阶段'],
      kind: { type: 'enum', options: options(LIFECYCLE_LABELS, { [ProjectLifecycle.Construction]: ['在建', '开工'], [ProjectLifecycle.Operating]: ['投产', '已投产'], [ProjectLifecycle.Stalled]: ['停建', '缓建'] }) },
    },
    { key: 'totalInvestment', header: '总投资（万元）', synonyms: ['计划总投资', '项目总投资', '总投资额'], required: true, kind: { type: 'amount' } },
    { key: 'plannedStartOn', header: '计划开工日期', synonyms: ['计划开工时间'], kind: { type: 'date' } },
    { key: 'startedOn', header: '实际开工日期', synonyms: ['开工日期', '开工时间', '实际开工时间'], kind: { type: 'date' } },
    { key: 'plannedCompletionOn', header: '计划竣工日期', synonyms: ['计划竣工时间', '计划投产日期', '计划竣工投产日期'], kind: { type: 'date' } },
    { key: 'capacity', header: '建设规模及内容', synonyms: ['建设内容', '建设规模', '主要建设内容', '建设内容及规模'], kind: { type: 'text', maxLength: 4000 } },
    { key: 'expectedOutputValue', header: '预计年产值（万元）', synonyms: ['预计年产值', '达产后年产值'], kind: { type: 'amount' } },
    { key: 'expectedTax', header: '预计年税收（万元）', synonyms: ['预计年税收', '达产后年税收'], kind: { type: 'amount' } },
    { key: 'owner', header: '项目负责人', synonyms: ['负责人'], kind: { type: 'text', maxLength: 64, oneLine: true } },
    { key: 'notes', header: '备注', kind: { type: 'text', maxLength: 2000 } },
  ],
  skipHeaders: ['序号'],
  maxRows: 50_000,
};
