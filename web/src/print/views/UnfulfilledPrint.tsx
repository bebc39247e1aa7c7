import { useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { operations } from '../../api/schema';
import { printAmount, printCount, printDay } from '../format';
import { PrintFrame } from '../PrintFrame';
import { PrintTable, type PrintColumn } from '../PrintTable';
import { filtersFromSearch, isDate, majorFromSearch, xlsxUrl } from '../query';

type UnfulfilledQuery = NonNullable<operations['RegistryController_unfulfilled']['parameters']['query']>;
type View = Schemas['UnfulfilledView'];
type Item = Schemas['UnfulfilledItem'];

/** The most a print view asks for per list (the endpoint's maximum); the .xlsx lists every project. */
const PRINT_LIMIT = 2000;

const LISTS = [
  { key: 'unregistered', ordinal: '一', since: (i: Item) => i.signedOn },
  { key: 'notStarted', ordinal: '二', since: (i: Item) => i.registeredOn },
  { key: 'notProducing', ordinal: '三', since: (i: Item) => i.startedOn },
] as const;

const NOTES: Record<(typeof LISTS)[number]['key'], string> = {
  unregistered: '已签约、尚未注册（也未开工、投产）的项目',
  notStarted: '已注册、尚未开工的项目',
  notProducing: '已开工、尚未竣工投产的项目',
};

/** GET /registry/unfulfilled's query from the address: 数据截至 and the registry filters. */
export function unfulfilledQuery(params: URLSearchParams): UnfulfilledQuery {
  return {
    ...(isDate(params.get('asOf')) ? { asOf: params.get('asOf')! } : {}),
    ...majorFromSearch(params),
    ...filtersFromSearch(params, ['regionUnitId', 'industryChainId'] as const),
  };
}

/** The columns of 三未清单.xlsx (src/projects/registry-export.service.ts UNFULFILLED_COLUMNS). */
function columns(list: View['unregistered'], since: (i: Item) => string | null): Array<PrintColumn<Item>> {
  return [
    { key: 'seq', title: '序号', numeric: true, render: (i) => String(i.seq) },
    { key: 'name', title: '项目名称', wrap: true, render: (i) => i.name },
    { key: 'enterprise', title: '投资方', wrap: true, render: (i) => i.enterprise?.name ?? '' },
    { key: 'region', title: '旗县区', render: (i) => i.regionUnit?.name ?? '' },
    { key: 'chain', title: '产业链', wrap: true, render: (i) => i.industryChain?.name ?? '' },
    { key: 'team', title: '招商队', wrap: true, render: (i) => i.team?.name ?? '' },
    { key: 'totalInvestment', title: '总投资', numeric: true, render: (i) => printAmount(i.totalInvestment) },
    { key: 'lifecycle', title: '项目阶段', render: (i) => i.lifecycleLabel },
    { key: 'since', title: list.sinceLabel, numeric: true, render: (i) => printDay(since(i)) },
    { key: 'deadline', title: list.deadlineLabel, numeric: true, render: (i) => printDay(i.deadline) },
    { key: 'overdueDays', title: '逾期天数', numeric: true, render: (i) => printCount(i.overdueDays) },
  ];
}

/** 三未清单: 签约未注册 / 注册未开工 / 开工未投产 with 逾期天数 (GET /registry/unfulfilled), one table per list as the .xlsx has one sheet per list. */
export default function UnfulfilledPrint() {
  const [params] = useSearchParams();
  const query = unfulfilledQuery(params);
  const report = useLoad(() => ok(api.GET('/api/v1/registry/unfulfilled', { params: { query: { ...query, limit: PRINT_LIMIT } } })), [JSON.stringify(query)]);
  const data = report.data;
  return (
    <PrintFrame
      title={data ? '三未清单' : undefined}
      asOf={data?.dataAsOf}
      facts={data && data.major !== null ? [['范围', data.major ? '重大项目' : '非重大项目']] : []}
      units="金额单位：万元"
      xlsx={{ url: xlsxUrl('/api/v1/registry/unfulfilled.xlsx', query), name: '三未清单.xlsx' }}
      notes={
        data
          ? [
              ...LISTS.map((l) => `${data[l.key].label}为截至数据截至日${NOTES[l.key]}；逾期天数为数据截至日减${data[l.key].deadlineLabel}的天数，未到期为 0，未填${data[l.key].deadlineLabel}的项目逾期天数为空、列在最后。`),
              `应注册日期为签约日期后第 ${data.registerWithinDays} 天。`,
            ]
          : []
      }
      loading={report.loading}
      error={report.error}
    >
      {data &&
        LISTS.map((l) => {
          const list = data[l.key];
          return (
            <section key={l.key}>
              <div className="print-section-title">
                {l.ordinal}、{list.label}（{list.count}个，其中逾期 {list.overdue} 个{list.items.length < list.count ? `；此处列出逾期最久的 ${list.items.length} 个，完整清单请下载 Excel` : ''}）
              </div>
              <PrintTable<Item> testId={`print-table-${l.key}`} columns={columns(list, l.since)} rows={list.items} rowKey={(i) => i.id} empty="无" />
            </section>
          );
        })}
    </PrintFrame>
  );
}
