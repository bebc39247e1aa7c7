import type { operations } from '../../api/schema';
import type { LeadStage } from '../../api/views';
import type { Role } from '../../layout/navigation';
import { STAGE_LABEL } from '../pipeline/stage-rules';

/** GET /leads's query (src/leads/dto/lead.dto.ts LeadQuery). */
export type LeadListQuery = NonNullable<operations['LeadsController_list']['parameters']['query']>;
export type LeadListScope = NonNullable<LeadListQuery['scope']>;
export type LeadSort = NonNullable<LeadListQuery['sort']>;

/** 我的 / 本队 / 辖区: what each role may switch between (a member's whole scope is their team). */
export function scopesFor(role: Role): Array<{ value: LeadListScope; label: string }> {
  const mine = { value: 'mine' as const, label: '我的' };
  const team = { value: 'team' as const, label: '本队' };
  if (role === 'member') return [mine, team];
  if (role === 'admin') return [{ value: 'region', label: '全部' }, mine];
  return [mine, team, { value: 'region', label: '辖区' }];
}

/** Where the list opens: a member on their team's leads, a manager or admin on everything in sight. */
export const defaultScope = (role: Role): LeadListScope => (role === 'member' ? 'team' : 'region');

const STAGES = Object.keys(STAGE_LABEL) as LeadStage[];
const SORTS: readonly LeadSort[] = ['createdAt', 'updatedAt', 'intendedAmount', 'stageEnteredAt'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Filters kept in the address, so a reload, 返回 from a lead and the print view show the same list. */
const ID_FILTERS = ['teamId', 'ownerId', 'industryChainId', 'targetRegionUnitId'] as const;

/** 状态 filter: overdue (预计签约日期已过) or idle (超过保护期无对接), one at a time. */
export type LeadCondition = 'overdue' | 'idle';

/**
 * The list's query as the address states it, for `role`: what is missing or malformed is left out
 * (or the role's default scope), so a hand-edited link still shows a sensible list, never a 400.
 */
export function leadListQuery(params: URLSearchParams, role: Role): LeadListQuery {
  const query: LeadListQuery = {};
  const scope = params.get('scope');
  const scopes = scopesFor(role).map((s) => s.value);
  query.scope = scope && (scopes as string[]).includes(scope) ? (scope as LeadListScope) : defaultScope(role);
  const stage = params.get('stage');
  if (stage && (STAGES as string[]).includes(stage)) query.stage = stage as LeadStage;
  for (const key of ID_FILTERS) {
    const v = params.get(key);
    if (v && UUID.test(v)) query[key] = v;
  }
  if (params.get('overdue') === 'true') query.overdue = 'true';
  else if (params.get('idle') === 'true') query.idle = 'true';
  const q = params.get('q')?.trim();
  if (q) query.q = q.slice(0, 100);
  const sort = params.get('sort');
  if (sort && (SORTS as string[]).includes(sort)) query.sort = sort as LeadSort;
  const order = params.get('order');
  if (order === 'asc' || order === 'desc') query.order = order;
  return query;
}

/** The export's query: the list's, without paging and sorting (the workbook lists oldest first). */
export function exportQuery(query: LeadListQuery): Omit<LeadListQuery, 'sort' | 'order' | 'cursor' | 'limit'> {
  const { sort: _sort, order: _order, cursor: _cursor, limit: _limit, ...rest } = query;
  return rest;
}

/** The words under a printed list's title: the scope and the filters that are not ids. */
export function describeQuery(query: LeadListQuery, role: Role): string[] {
  const out = [`范围：${scopesFor(role).find((s) => s.value === query.scope)?.label ?? '全部'}`];
  if (query.stage) out.push(`阶段：${STAGE_LABEL[query.stage]}`);
  if (query.overdue === 'true') out.push('预计签约日期已过未签约');
  if (query.idle === 'true') out.push('超过保护期无对接');
  if (query.q) out.push(`关键词：${query.q}`);
  return out;
}
