import { useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { operations } from '../../api/schema';
import { printAmount, printCount, printDay } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { filtersFromSearch, majorFromSearch, xlsxUrl } from '../query';

type ThreeUnQuery = NonNullable<operations['RegistryController_threeUn']['parameters']['query']>;
type Item = Schemas['ThreeUnItem'];

const LISTS = [
  { key: 'notStarted', title: '一、立项未开工', date: '计划开工', pick: (i: Item) => i.plannedStartOn },
  { key: 'startedNotBuilding', title: '二、开工未建设', date: '最近完成投资月份', pick: (i: Item) => i.lastProgressMonth },
  { key: 'notCompleted', title: '三、建设未竣工', date: '计划竣工', pick: (i: Item) => i.plannedCompletionOn },
] as const;

export function threeUnQuery(params: URLSearchParams): ThreeUnQuery {
  const year = params.get('year');
  return {
    ...(year && /^\d{4}$/.test(year) ? { year: Number(year) } : {}),
    ...majorFromSearch(params),
    ...filtersFromSearch(params, ['regionUnitId', 'industryChainId'] as const),
    limit: 2000,
  };
}

function columns(dateTitle: string, date: (i: Item) => string | null): Array<PrintColumn<Item>> {
  return [
    { key: 'index', title: '序号', numeric: true, render: (_, n) => String(n + 1) },
    { key: 'name', title: '项目名称', wrap: true, render: (i) => i.name },
    { key: 'region', title: '旗县区', render: (i) => i.regionUnit?.name ?? '' },
    { key: 'chain', title: '产业链', wrap: true, render: (i) => i.industryChain?.name ?? '' },
    { key: 'team', title: '招商队', wrap: true, render: (i) => i.team?.name ?? '' },
    { key: 'level', title: '级别', render: (i) => i.levelLabel },
    { key: 'totalInvestment', title: '总投资', numeric: true, render: (i) => printAmount(i.totalInvestment) },
    { key: 'lifecycle', title: '当前阶段', render: (i) => i.lifecycleLabel },
    { key: 'startedOn', title: '开工日期', numeric: true, render: (i) => printDay(i.startedOn) },
    { key: 'date', title: dateTitle, numeric: true, render: (i) => printDay(date(i)) },
    { key: 'overdueDays', title: '逾期天数', numeric: true, render: (i) => printCount(i.overdueDays) },
  ];
}

/** 三未 (立项未开工 / 开工未建设 / 建设未竣工), from GET /registry/three-un: one table per list. */
export default function ThreeUnPrint() {
  const [params] = useSearchParams();
  const query = threeUnQuery(params);
  const report = useLoad(() => ok(api.GET('/api/v1/registry/three-un', { params: { query } })), [JSON.stringify(query)]);
  const data = report.data;
  return (
    <PrintFrame
      title={data ? `${data.year ? `${data.year}年` : ''}在建项目“三未”清单` : undefined}
      asOf={data?.asOf}
      units="金额单位：万元"
      xlsx={{ url: xlsxUrl('/api/v1/registry/three-un.xlsx', { ...query, limit: undefined }), name: '在建项目三未清单.xlsx' }}
      notes={['立项未开工：计划开工日已过仍未开工；开工未建设：近两个月（及本月）没有完成投资；建设未竣工：计划竣工日已过仍未竣工。']}
      loading={report.loading}
      error={report.error}
    >
      {data &&
        LISTS.map((l) => (
          <section key={l.key}>
            <div className="print-section-title">
              {l.title}（{data[l.key].count}个）
            </div>
            <PrintTable<Item> testId={`print-table-${l.key}`} columns={columns(l.date, l.pick)} rows={data[l.key].items} rowKey={(i) => i.id} empty="无" />
          </section>
        ))}
    </PrintFrame>
  );
}
