import type { Schemas } from '../api/client';

type Row = Schemas['ScheduleRowView'];
type Group = Schemas['ScheduleGroupView'];
type Total = Schemas['ScheduleTotalView'];

export type ScheduleLine = { kind: 'data'; row: Row } | { kind: 'subtotal'; group: Group } | { kind: 'total'; total: Total };

const same = (a: { id: string } | null | undefined, b: { id: string } | null | undefined) => (a?.id ?? null) === (b?.id ?? null);

/**
 * The 项目调度表 in table order, as its .xlsx writes it: each 旗县区's projects by 产业链, every
 * chain's subtotal after its projects, the county's subtotal after its chains, the 合计 last. The
 * API lists projects in that order and the subtotals separately (GET /registry/schedule `groups`);
 * they are put back together here. When only the first pages of projects were read, the table
 * stops after the last group listed whole, and `partial` says so; the 合计 is always the API's.
 */
export function scheduleLines(items: Row[], groups: Group[], total: Total): { lines: ScheduleLine[]; partial: boolean } {
  const lines: ScheduleLine[] = [];
  let at = 0;
  for (const g of groups) {
    if (g.level === 'chain') {
      const start = at;
      while (at < items.length && same(items[at]!.regionUnit, g.regionUnit) && same(items[at]!.industryChain, g.industryChain)) at++;
      // A group cut short by the pages read: what is listed so far, and no subtotals it would mislabel.
      if (at - start < g.projectCount) {
        lines.push(...items.slice(start, at).map((row): ScheduleLine => ({ kind: 'data', row })));
        return { lines: [...lines, { kind: 'total', total }], partial: true };
      }
      lines.push(...items.slice(start, at).map((row): ScheduleLine => ({ kind: 'data', row })));
    }
    lines.push({ kind: 'subtotal', group: g });
  }
  // Projects in no group would be a mismatch between the list and its subtotals: list them rather than drop them.
  lines.push(...items.slice(at).map((row): ScheduleLine => ({ kind: 'data', row })));
  lines.push({ kind: 'total', total });
  return { lines, partial: false };
}
