import { Metric, METRIC_LABELS, METRICS } from '../metrics/metric';
import type { RankingChange, RankingChangeItem, RankingRow } from './entities/ranking.entity';

/**
 * What a correction changed, per ranked unit: its rank, its score, and each metric's target and
 * counted figure (完成) that differ between the corrected version (`before`) and the new one —
 * old → new, null where the unit or the metric was absent. Units with no change are left out;
 * the order is the new ranking's, then units dropped from it. Completion rates follow from the
 * figures listed, so they are not listed again.
 */
export function rankingChanges(before: RankingRow[], after: RankingRow[]): RankingChange[] {
  const old = new Map(before.map((r) => [r.assignee.id, r]));
  const seen = new Set<string>();
  const out: RankingChange[] = [];
  for (const row of [...after, ...before]) {
    if (seen.has(row.assignee.id)) continue;
    seen.add(row.assignee.id);
    const was = old.get(row.assignee.id);
    const now = after.find((r) => r.assignee.id === row.assignee.id);
    const changes: RankingChangeItem[] = [];
    const note = (item: RankingChangeItem) => {
      if (item.before !== item.after) changes.push(item);
    };
    note({ what: 'rank', label: '名次', before: was ? String(was.rank) : null, after: now ? String(now.rank) : null });
    note({ what: 'score', label: '得分', before: was ? was.score.total.toFixed(2) : null, after: now ? now.score.total.toFixed(2) : null });
    for (const metric of METRICS) {
      const [b, a] = [was?.metrics.find((m) => m.metric === metric), now?.metrics.find((m) => m.metric === metric)];
      if (!b && !a) continue;
      note(item('target', metric, b?.target, a?.target));
      note(item('actual', metric, b?.actual, a?.actual));
    }
    if (changes.length) out.push({ assignee: row.assignee, changes });
  }
  return out;
}

const item = (what: 'target' | 'actual', metric: Metric, before: string | undefined, after: string | undefined): RankingChangeItem => ({
  what,
  metric,
  label: `${METRIC_LABELS[metric]}${what === 'target' ? '目标' : '完成'}`,
  before: before ?? null,
  after: after ?? null,
});
