import { describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { scheduleLines } from './schedule-lines';

type Row = Schemas['ScheduleRowView'];
type Group = Schemas['ScheduleGroupView'];

const figures = { totalInvestment: '1', annualPlan: '1', completedInPeriod: '1', completedInMonth: '0', fundsInPeriod: '0', fundsInMonth: '0' };
const ref = (id: string) => ({ id, name: id });
const row = (id: string, county: string, chain: string | null): Row => ({
  ...figures,
  seq: 0,
  id,
  name: id,
  regionUnit: ref(county),
  regionLabel: county,
  industryChain: chain ? ref(chain) : null,
  capacity: null,
  currentNode: null,
  progressText: '',
  problems: [],
  owner: null,
});
const chain = (county: string, c: string | null, projectCount: number): Group => ({ ...figures, level: 'chain', regionUnit: ref(county), regionLabel: county, industryChain: c ? ref(c) : null, projectCount });
const county = (c: string, projectCount: number): Group => ({ ...figures, level: 'county', regionUnit: ref(c), regionLabel: c, industryChain: null, projectCount });
const total = { ...figures, projectCount: 4 };

const shape = (lines: ReturnType<typeof scheduleLines>['lines']) => lines.map((l) => (l.kind === 'data' ? l.row.id : l.kind === 'subtotal' ? `${l.group.level}:${l.group.regionLabel}/${l.group.industryChain?.name ?? '-'}` : 'total'));

describe('the 项目调度表 put back in table order', () => {
  const items = [row('a1', 'A', 'x'), row('a2', 'A', 'x'), row('a3', 'A', null), row('b1', 'B', 'y')];
  const groups = [chain('A', 'x', 2), chain('A', null, 1), county('A', 3), chain('B', 'y', 1), county('B', 1)];

  it('puts each chain’s subtotal after its projects, the county’s after its chains, the 合计 last', () => {
    const { lines, partial } = scheduleLines(items, groups, total);
    expect(partial).toBe(false);
    expect(shape(lines)).toEqual(['a1', 'a2', 'chain:A/x', 'a3', 'chain:A/-', 'county:A/-', 'b1', 'chain:B/y', 'county:B/-', 'total']);
  });

  it('stops after the last group read whole when only the first pages were read', () => {
    const { lines, partial } = scheduleLines(items.slice(0, 1), groups, total);
    expect(partial).toBe(true);
    expect(shape(lines)).toEqual(['a1', 'total']);
  });

  it('an empty table is its 合计', () => {
    expect(shape(scheduleLines([], [], { ...figures, projectCount: 0 }).lines)).toEqual(['total']);
  });
});
