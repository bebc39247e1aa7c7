import type { Schemas } from '../../api/client';
import { METRIC_LABEL, METRICS, type Metric } from '../../format/metrics';

type Formula = Schemas['ScoringFormulaView'];

/** A scored item of the formula: the metrics whose figures it reads and the points it can give. */
export interface ScoringItem {
  key: 'signing' | Metric;
  label: string;
  /** The figures behind it (签约 reads two). */
  metrics: Metric[];
  weight: number;
}

/** The formula's scored items, in the metrics' fixed order: 签约 first, then every weighted metric. */
export function scoringItems(f: Formula): ScoringItem[] {
  const weights = f.weights as Partial<Record<Metric, number>>;
  return [
    { key: 'signing', label: '签约', metrics: ['signed_projects', 'signed_amount'], weight: f.signing.weight },
    ...METRICS.filter((m) => weights[m] !== undefined && m !== 'signed_projects' && m !== 'signed_amount').map((m) => ({ key: m, label: METRIC_LABEL[m], metrics: [m], weight: weights[m]! })),
  ];
}

const percent = (share: number) => `${Number((share * 100).toFixed(4))}%`;

/** One line of the 计分方法 table: what is scored, its points, how — every number from the formula. */
export interface MethodRow {
  item: string;
  points: string;
  rule: string;
}

/** The 计分方法 table of a formula (config/scoring.json, or the one a 通报 was published with). */
export function methodRows(f: Formula): MethodRow[] {
  const cap = percent(f.completionCap);
  const rows: MethodRow[] = scoringItems(f).map((i) =>
    i.key === 'signing'
      ? {
          item: '签约得分',
          points: `${i.weight} 分`,
          rule: `（签约项目数完成率 × ${percent(f.signing.countShare)} + 签约金额完成率 × ${percent(f.signing.amountShare)}）× ${i.weight}，完成率封顶 ${cap}`,
        }
      : { item: `${i.label}得分`, points: `${i.weight} 分`, rule: `${i.label}完成率 × ${i.weight}，封顶 ${cap}` },
  );
  for (const b of f.sizeBands.filter((s) => s.required > 0)) rows.push({ item: `规模档次 ${b.label}`, points: `−${b.penalty} 分/个`, rule: `应签约 ${b.required} 个，每少 1 个扣 ${b.penalty} 分` });
  if (f.deductions.pastStartDeadline > 0) rows.push({ item: '逾期未开工', points: `−${f.deductions.pastStartDeadline} 分/个`, rule: `计划开工日已过仍未开工的项目，每个扣 ${f.deductions.pastStartDeadline} 分` });
  return rows;
}
