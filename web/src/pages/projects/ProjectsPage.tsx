import { Alert, Button, Card, Checkbox, Input, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import { usePaged } from '../../api/paged';
import { useLoad } from '../../api/hooks';
import type { operations } from '../../api/schema';
import { regionOptions } from '../org/region-options';
import { Amount } from '../../components/Amount';
import { amountTitle, amountUnit } from '../../format/money';
import { LEVELS, LIFECYCLES, lifecycleColour } from './project-fields';
import { beijingDate } from '../../format/date';
import { DownloadButton, ReportActions } from '../../print/ReportActions';
import { withQuery, xlsxUrl } from '../../print/query';
import { ResponsiveTable } from '../../components/ResponsiveTable';

type Project = Schemas['ProjectView'];
type ProjectQuery = NonNullable<operations['ProjectsController_list']['parameters']['query']>;

/** The registry list's filters as GET /projects (and /registry/projects.xlsx, /print/projects) take them, blanks left out. */
function projectFilters(f: { q?: string; lifecycle?: Project['lifecycle']; level?: Project['level']; regionUnitId?: string; industryChainId?: string; overdueNode?: boolean }): ProjectQuery {
  return {
    ...(f.q ? { q: f.q } : {}),
    ...(f.lifecycle ? { lifecycle: f.lifecycle } : {}),
    ...(f.level ? { level: f.level } : {}),
    ...(f.regionUnitId ? { regionUnitId: f.regionUnitId } : {}),
    ...(f.industryChainId ? { industryChainId: f.industryChainId } : {}),
    ...(f.overdueNode ? { overdueNode: 'true' as const } : {}),
  };
}

/** 项目库: the registered projects in the user's scope, by name, lifecycle and level. */
export default function ProjectsPage() {
  const [q, setQ] = useState('');
  const [lifecycle, setLifecycle] = useState<Project['lifecycle']>();
  const [level, setLevel] = useState<Project['level']>();
  // 招商地图's 查看项目 opens the list filtered to a county: ?regionUnitId=…
  const [searchParams] = useSearchParams();
  const [regionUnitId, setRegionUnitId] = useState<string | undefined>(() => {
    const id = searchParams.get('regionUnitId');
    return id && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
  });
  const [industryChainId, setIndustryChainId] = useState<string>();
  const [overdueNode, setOverdueNode] = useState(false);
  // The list's filters, as the print view and the 项目清单 export take them too.
  const filters = projectFilters({ q, lifecycle, level, regionUnitId, industryChainId, overdueNode });
  const list = usePaged(
    (cursor) => ok(api.GET('/api/v1/projects', { params: { query: { ...filters, sort: 'updatedAt', order: 'desc', cursor, limit: 50 } } })),
    [JSON.stringify(filters)],
  );
  const chains = useLoad(() => ok(api.GET('/api/v1/industry-chains', { params: { query: { limit: 200 } } })), []);
  const regions = useLoad(() => ok(api.GET('/api/v1/regions/tree')), []);
  const regionTree = useMemo(() => regionOptions(regions.data ?? []), [regions.data]);

  const today = beijingDate();
  const year = Number(today.slice(0, 4));
  // 项目调度表 of 1–N月 as of today: this month's 调度.
  const schedule = { periodType: 'ytd', year, month: Number(today.slice(5, 7)), asOf: today };

  // 总投资 and 累计完成 read in one unit, named in their headers.
  const unit = amountUnit(list.items.flatMap((p) => [p.totalInvestment, p.cumulativeCompleted]));
  return (
    <div>
      <div className="page-head">
        <Typography.Title level={4}>项目库</Typography.Title>
        <Space wrap>
          <ReportActions label="项目调度表" printTo={withQuery('/print/schedule', schedule)} xlsx={{ url: xlsxUrl('/api/v1/registry/schedule.xlsx', schedule), name: '项目调度表.xlsx' }} />
          <ReportActions label="项目汇总表" printTo={`/print/summary?year=${year}`} xlsx={{ url: xlsxUrl('/api/v1/registry/summary.xlsx', { year }), name: `${year}年项目汇总表.xlsx` }} />
          <ReportActions label="三未清单" printTo="/print/unfulfilled" xlsx={{ url: xlsxUrl('/api/v1/registry/unfulfilled.xlsx', {}), name: '三未清单.xlsx' }} />
          <ReportActions label="在建项目三未" printTo="/print/three-un" />
          <ReportActions label="项目清单" printTo={withQuery('/print/projects', filters)} />
          <DownloadButton url={xlsxUrl('/api/v1/registry/projects.xlsx', filters)} name="项目清单.xlsx">
            导出项目清单
          </DownloadButton>
        </Space>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder="项目名称" onSearch={(v) => setQ(v.trim())} style={{ width: 220 }} maxLength={100} />
        <Select aria-label="阶段" allowClear placeholder="全部阶段" value={lifecycle} onChange={setLifecycle} options={LIFECYCLES} style={{ width: 140 }} />
        <Select aria-label="级别" allowClear placeholder="全部级别" value={level} onChange={setLevel} options={LEVELS} style={{ width: 140 }} />
        <TreeSelect
          allowClear
          showSearch
          treeNodeFilterProp="title"
          placeholder="全部旗县区"
          value={regionUnitId}
          onChange={(v?: string) => setRegionUnitId(v)}
          treeData={regionTree}
          treeDefaultExpandAll
          style={{ width: 170 }}
          aria-label="旗县区"
          data-testid="project-filter-region"
        />
        <Select
          allowClear
          placeholder="全部产业链"
          value={industryChainId}
          onChange={setIndustryChainId}
          options={(chains.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          style={{ width: 170 }}
          aria-label="产业链"
        />
        <Checkbox checked={overdueNode} onChange={(e) => setOverdueNode(e.target.checked)} data-testid="project-filter-overdue">
          节点逾期
        </Checkbox>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <ResponsiveTable<Project>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(p) => ({ 'data-testid': 'project-row', 'data-name': p.name }) as never}
          columns={[
            { title: '项目名称', dataIndex: 'name', render: (n: string, p) => <Link to={`/projects/${p.id}`}>{n}</Link> },
            { title: '业主企业', key: 'enterprise', render: (_: unknown, p) => p.enterprise?.name ?? '—' },
            { title: '旗县区', key: 'region', render: (_: unknown, p) => p.regionUnit?.name ?? '—' },
            { title: '产业链', key: 'chain', render: (_: unknown, p) => p.industryChain?.name ?? '—' },
            { title: amountTitle('总投资', unit), dataIndex: 'totalInvestment', align: 'right', render: (v: string) => <Amount value={v} unit={unit} bare /> },
            {
              title: amountTitle('累计完成', unit),
              dataIndex: 'cumulativeCompleted',
              align: 'right',
              render: (v: string, p) => (
                <>
                  <Amount value={v} unit={unit} bare />
                  {p.overrun && <Tag color="error" style={{ marginLeft: 4 }}>超总投资</Tag>}
                </>
              ),
            },
            { title: '阶段', dataIndex: 'lifecycleLabel', render: (l: string, p) => <Tag color={lifecycleColour(p.lifecycle)}>{l}</Tag> },
            { title: '级别', dataIndex: 'levelLabel' },
            { title: '性质', key: 'nature', render: (_: unknown, p) => (p.constructionLabel === p.natureLabel ? p.natureLabel : `${p.constructionLabel} · ${p.natureLabel}`) },
          ]}
        />
        {list.hasMore && (
          <Button block onClick={list.loadMore} loading={list.loading} style={{ marginTop: 8 }}>
            加载更多
          </Button>
        )}
      </Card>
    </div>
  );
}
