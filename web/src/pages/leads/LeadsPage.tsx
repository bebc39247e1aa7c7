import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Empty, Grid, Input, message as toast, Segmented, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { usePaged } from '../../api/paged';
import type { LeadView } from '../../api/views';
import { useAuth } from '../../auth/AuthProvider';
import { MeasureSafeTitle } from '../../components/MeasureSafeTitle';
import { beijingDate, formatDate } from '../../format/date';
import { formatAmount } from '../../format/money';
import type { Role } from '../../layout/navigation';
import { ReportActions } from '../../print/ReportActions';
import { withQuery, xlsxUrl } from '../../print/query';
import { regionOptions } from '../org/region-options';
import { STAGE_LABEL } from '../pipeline/stage-rules';
import { BulkDialog, type BulkAction } from './BulkDialog';
import { exportQuery, leadListQuery, scopesFor, type LeadCondition, type LeadListQuery, type LeadSort } from './lead-list-query';
import './leads-page.css';

const PAGE_SIZE = 50;
const STAGE_OPTIONS = Object.entries(STAGE_LABEL).map(([value, label]) => ({ value, label }));
const CONDITIONS: Array<{ value: LeadCondition; label: string }> = [
  { value: 'overdue', label: '逾期未签约' },
  { value: 'idle', label: '闲置（超过保护期）' },
];
/** Table column → the list's sort. */
const SORT_OF: Record<string, LeadSort> = { amount: 'intendedAmount', registered: 'createdAt', stage: 'stageEnteredAt' };

/**
 * 线索列表: the leads in the user's scope — 我的 (they own), 本队 (their team's, co-pursued
 * included), 辖区 (a manager's whole scope) — filtered, sorted, printed and exported as the list
 * shows them, with bulk 改派 / 变更阶段 / 释放 on the selected rows. The filters live in the
 * address, so 返回 from a lead and the print view find the same list.
 */
export default function LeadsPage() {
  const { user } = useAuth();
  const role: Role = user?.role ?? 'member';
  const [message, toastHolder] = toast.useMessage();
  const [params, setParams] = useSearchParams();
  const query = leadListQuery(params, role);
  const key = JSON.stringify(query);
  const [selected, setSelected] = useState<LeadView[]>([]);
  const [bulk, setBulk] = useState<BulkAction | null>(null);

  const set = (changes: Partial<Record<keyof LeadListQuery, string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
    setSelected([]);
  };

  const leads = usePaged((cursor) => ok(api.GET('/api/v1/leads', { params: { query: { ...query, cursor, limit: PAGE_SIZE } } })), [key]);
  const chains = useLoad(() => ok(api.GET('/api/v1/industry-chains', { params: { query: { limit: 200 } } })), []);
  const regions = useLoad(() => ok(api.GET('/api/v1/regions/tree')), []);
  const teams = useLoad(() => ok(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } })), []);
  // Owners to filter by: the chosen team's roster, or a member's own team when they have one.
  const teamItems = teams.data?.items ?? [];
  const rosterTeam = query.teamId ?? (role === 'member' && teamItems.length === 1 ? teamItems[0]?.id : undefined);
  const roster = useLoad(() => (rosterTeam ? ok(api.GET('/api/v1/teams/{id}/members', { params: { path: { id: rosterTeam } } })) : Promise.resolve([])), [rosterTeam]);

  const regionTree = useMemo(() => regionOptions(regions.data ?? []), [regions.data]);
  const condition: LeadCondition | undefined = query.overdue ? 'overdue' : query.idle ? 'idle' : undefined;
  const today = beijingDate();
  const sortedBy = Object.entries(SORT_OF).find(([, s]) => s === (query.sort ?? 'createdAt'))?.[0];
  const sortOrder = (column: string) => (sortedBy === column ? (query.order === 'asc' ? 'ascend' : 'descend') : null);
  const canRelease = role !== 'member';
  // A phone shows cards, not a table to scroll sideways.
  const phone = !Grid.useBreakpoint().md;

  return (
    <div className="leads-page">
      {toastHolder}
      <div className="page-head">
        <div>
          <Typography.Title level={4}>线索列表</Typography.Title>
          <Typography.Text type="secondary">{leads.total === undefined ? '加载中…' : `共 ${leads.total} 条`}</Typography.Text>
        </div>
        <Space wrap>
          <ReportActions label="线索清单" printTo={withQuery('/print/leads', query)} xlsx={{ url: xlsxUrl('/api/v1/leads/export.xlsx', exportQuery(query)), name: `招商线索台账-${today}.xlsx` }} />
          <Button icon={<ReloadOutlined />} onClick={leads.reload} loading={leads.loading}>
            刷新
          </Button>
        </Space>
      </div>
      <Segmented<string>
        className="leads-scope"
        value={query.scope}
        options={scopesFor(role)}
        onChange={(v) => set({ scope: v, ownerId: undefined, teamId: undefined })}
        data-testid="lead-scope"
      />
      <div className="leads-filters">
        <Input.Search
          allowClear
          placeholder="项目或企业名称"
          defaultValue={query.q}
          key={query.q ?? ''}
          maxLength={100}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          style={{ width: 200 }}
          aria-label="关键词"
        />
        <Select allowClear placeholder="全部阶段" value={query.stage} onChange={(v) => set({ stage: v })} options={STAGE_OPTIONS} style={{ width: 130 }} aria-label="阶段" data-testid="filter-stage" />
        <Select
          allowClear
          placeholder="全部产业链"
          value={query.industryChainId}
          onChange={(v) => set({ industryChainId: v })}
          options={(chains.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          style={{ width: 170 }}
          aria-label="产业链"
        />
        <TreeSelect
          allowClear
          showSearch
          treeNodeFilterProp="title"
          placeholder="拟落地旗县区"
          value={query.targetRegionUnitId}
          onChange={(v?: string) => set({ targetRegionUnitId: v })}
          treeData={regionTree}
          treeDefaultExpandAll
          style={{ width: 170 }}
          aria-label="拟落地旗县区"
          data-testid="filter-region"
        />
        {role !== 'member' && query.scope !== 'mine' && (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部招商队"
            value={query.teamId}
            onChange={(v) => set({ teamId: v, ownerId: undefined })}
            options={teamItems.map((t) => ({ value: t.id, label: t.name }))}
            style={{ width: 190 }}
            aria-label="招商队"
          />
        )}
        {query.scope !== 'mine' && (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={rosterTeam ? '全部负责人' : '先选招商队'}
            disabled={!rosterTeam}
            value={query.ownerId}
            onChange={(v) => set({ ownerId: v })}
            options={(roster.data ?? []).map((m) => ({ value: m.userId, label: m.displayName }))}
            style={{ width: 130 }}
            aria-label="负责人"
          />
        )}
        <Select
          allowClear
          placeholder="全部状态"
          value={condition}
          onChange={(v?: LeadCondition) => set({ overdue: v === 'overdue' ? 'true' : undefined, idle: v === 'idle' ? 'true' : undefined })}
          options={CONDITIONS}
          style={{ width: 160 }}
          aria-label="状态"
          data-testid="filter-condition"
        />
      </div>
      {selected.length > 0 && (
        <div className="leads-bulk-bar" data-testid="bulk-bar">
          <span>已选 {selected.length} 条</span>
          <Button size="small" onClick={() => setBulk('reassign')}>
            改派负责人
          </Button>
          <Button size="small" onClick={() => setBulk('move')}>
            变更阶段
          </Button>
          {canRelease && (
            <Button size="small" danger onClick={() => setBulk('release')}>
              释放
            </Button>
          )}
          <Button size="small" type="link" onClick={() => setSelected([])}>
            取消选择
          </Button>
        </div>
      )}
      {leads.error && <Alert type="error" showIcon title={leads.error.message} style={{ marginBottom: 12 }} />}
      {phone ? (
        <LeadCards leads={leads.items} loading={leads.loading} selected={selected} onSelect={setSelected} today={today} />
      ) : (
        <Table<LeadView>
          rowKey="id"
          size="middle"
          loading={leads.loading}
          dataSource={leads.items}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: '没有符合条件的线索' }}
          rowSelection={{ selectedRowKeys: selected.map((l) => l.id), onChange: (_keys, rows) => setSelected(rows), columnWidth: 40, columnTitle: (all) => <MeasureSafeTitle>{all}</MeasureSafeTitle> }}
          onRow={(l) => ({ 'data-testid': 'lead-row', 'data-lead-id': l.id, 'data-title': l.title }) as never}
          onChange={(_p, _f, sorter) => {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<LeadView> | undefined;
            const column = s?.columnKey ? String(s.columnKey) : undefined;
            if (!column || !s?.order) set({ sort: undefined, order: undefined });
            else set({ sort: SORT_OF[column], order: s.order === 'ascend' ? 'asc' : 'desc' });
          }}
          columns={[
            {
              title: '项目 / 企业',
              key: 'title',
              render: (_, l) => (
                <div>
                  <Link to={`/leads/${l.id}`}>{l.title}</Link> {l.isAnchor && <Tag color="gold">牵引性</Tag>}
                  <div className="leads-sub">
                    {l.enterprise.name} · {l.industryChain.name}
                  </div>
                </div>
              ),
            },
            { title: '招商队 / 负责人', key: 'team', render: (_, l) => `${l.team.name} · ${l.owner.name}` },
            { title: '拟落地', key: 'target', width: 110, render: (_, l) => l.targetRegionUnit?.name ?? '—' },
            {
              title: '阶段（进入日期）',
              key: 'stage',
              width: 150,
              sorter: true,
              sortOrder: sortOrder('stage'),
              render: (_, l) => (
                <span>
                  <Tag>{l.stageLabel}</Tag>
                  <span className="leads-sub">{formatDate(l.stageEnteredAt)}</span>
                </span>
              ),
            },
            {
              title: '意向投资',
              key: 'amount',
              align: 'right',
              width: 130,
              sorter: true,
              sortOrder: sortOrder('amount'),
              render: (_, l) => <span className="amount">{formatAmount(l.intendedAmount)}</span>,
            },
            {
              title: '预计签约',
              key: 'expected',
              width: 130,
              render: (_, l) => (
                <span>
                  {formatDate(l.expectedSignDate) || '—'}
                  {isOverdue(l, today) && (
                    <Tag color="error" style={{ marginLeft: 4 }}>
                      逾期
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              title: '最近对接',
              key: 'last',
              width: 130,
              render: (_, l) => (
                <span>
                  {formatDate(l.lastActivityAt)}
                  {l.isIdle && (
                    <Tag color="warning" style={{ marginLeft: 4 }}>
                      闲置 {l.idleDays} 天
                    </Tag>
                  )}
                </span>
              ),
            },
            { title: '登记日期', key: 'registered', width: 120, sorter: true, sortOrder: sortOrder('registered'), render: (_, l) => formatDate(l.createdAt) },
          ]}
        />
      )}
      {leads.hasMore && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={leads.loadMore} loading={leads.loading}>
            加载更多
          </Button>
        </div>
      )}
      {bulk && (
        <BulkDialog
          action={bulk}
          leads={selected}
          onCancel={() => setBulk(null)}
          onDone={(text) => {
            setBulk(null);
            setSelected([]);
            message.success(text);
            leads.reload();
          }}
        />
      )}
    </div>
  );
}

/** The list on a phone: one card per lead, tick to select for a bulk action, tap the title to open. */
function LeadCards({ leads, loading, selected, onSelect, today }: { leads: LeadView[]; loading: boolean; selected: LeadView[]; onSelect: (l: LeadView[]) => void; today: string }) {
  const ids = new Set(selected.map((l) => l.id));
  if (!loading && leads.length === 0) return <Empty description="没有符合条件的线索" />;
  return (
    <div className="leads-cards">
      {leads.map((l) => (
        <Card key={l.id} size="small" data-testid="lead-row" data-lead-id={l.id} data-title={l.title}>
          <div className="leads-card-head">
            <Checkbox checked={ids.has(l.id)} onChange={(e) => onSelect(e.target.checked ? [...selected, l] : selected.filter((s) => s.id !== l.id))} aria-label={`选择「${l.title}」`} />
            <Link to={`/leads/${l.id}`}>{l.title}</Link>
            <Tag>{l.stageLabel}</Tag>
          </div>
          <div className="leads-sub">
            {l.enterprise.name} · {l.industryChain.name}
          </div>
          <div className="leads-card-foot">
            <span>{l.owner.name}</span>
            <span className="amount">{formatAmount(l.intendedAmount)}</span>
            {isOverdue(l, today) && <Tag color="error">逾期</Tag>}
            {l.isIdle && <Tag color="warning">闲置 {l.idleDays} 天</Tag>}
          </div>
        </Card>
      ))}
    </div>
  );
}

/** An open lead whose 预计签约日期 has passed (as the list's overdue filter reads it). */
function isOverdue(l: LeadView, today: string): boolean {
  return l.stage !== 'signed' && l.stage !== 'lost' && !!l.expectedSignDate && l.expectedSignDate < today;
}
