import { Inject, Injectable } from '@nestjs/common';
import { AuthUser } from '../common/auth/auth-user';
import { formatWanYuan, fromNumeric, toUnits } from '../common/money/wan-yuan';
import { LeadFilter } from './dto/lead.dto';
import { LEAD_STAGE_LABELS, LeadStage, OPEN_STAGES, PIPELINE } from './entities/lead-stage';
import { LeadsRepository } from './leads.repository';
import { PIPELINE_RULES, PipelineRules } from './pipeline-rules';

export interface StageFigures {
  stage: LeadStage;
  label: string;
  count: number;
  intendedAmount: string;
}

export interface BoardStage extends StageFigures {
  probability: string;
  weightedAmount: string;
}

export interface PipelineBoard {
  stages: BoardStage[];
  /** Open pipeline: the four open stages, never signed or lost. */
  open: { count: number; intendedAmount: string; weightedAmount: string };
  onHold: StageFigures;
  signed: { count: number; signedAmount: string };
  lost: { count: number; intendedAmount: string };
}

export interface FunnelStep {
  stage: LeadStage;
  label: string;
  /** Leads that reached this stage at some point. */
  reached: number;
  /** Share of those that went on to the next stage, in percent with two decimals; null for the last. */
  conversionToNext: string | null;
  /** Median days spent in the stage by leads that have left it. */
  medianDays: string | null;
}

/** The manager's pipeline board and funnel, over the leads in scope and the filters given. */
@Injectable()
export class PipelineService {
  constructor(
    private readonly repo: LeadsRepository,
    @Inject(PIPELINE_RULES) private readonly rules: PipelineRules,
  ) {}

  async board(actor: AuthUser, filter: LeadFilter): Promise<PipelineBoard> {
    const qb = this.repo.applyFilter(this.repo.scoped(actor), filter)
      .select('l.stage', 'stage')
      .addSelect('count(*)::int', 'count')
      .addSelect('COALESCE(sum(l.intended_amount), 0)::text', 'intended')
      .addSelect('COALESCE(sum(l.signed_amount), 0)::text', 'signed')
      .groupBy('l.stage');
    const rows: Array<{ stage: LeadStage; count: number; intended: string; signed: string }> = await qb.getRawMany();
    const row = (stage: LeadStage) => rows.find((r) => r.stage === stage) ?? { stage, count: 0, intended: '0', signed: '0' };
    const stages = OPEN_STAGES.map((stage) => {
      const r = row(stage);
      const probability = this.rules.stageProbabilities[stage as keyof PipelineRules['stageProbabilities']];
      return {
        stage,
        label: LEAD_STAGE_LABELS[stage],
        count: r.count,
        intendedAmount: fromNumeric(r.intended),
        probability,
        weightedAmount: weighted(r.intended, probability),
      };
    });
    const sum = (values: string[]) => formatWanYuan(values.reduce((s, v) => s + toUnits(v), 0n));
    const hold = row(LeadStage.OnHold);
    const lost = row(LeadStage.Lost);
    const signed = row(LeadStage.Signed);
    return {
      stages,
      open: {
        count: stages.reduce((s, x) => s + x.count, 0),
        intendedAmount: sum(stages.map((s) => s.intendedAmount)),
        weightedAmount: sum(stages.map((s) => s.weightedAmount)),
      },
      onHold: { stage: LeadStage.OnHold, label: LEAD_STAGE_LABELS[LeadStage.OnHold], count: hold.count, intendedAmount: fromNumeric(hold.intended) },
      signed: { count: signed.count, signedAmount: fromNumeric(signed.signed) },
      lost: { count: lost.count, intendedAmount: fromNumeric(lost.intended) },
    };
  }

  async funnel(actor: AuthUser, filter: LeadFilter): Promise<{ steps: FunnelStep[] }> {
    const reachedQb = this.repo.applyFilter(this.repo.scoped(actor), filter)
      .select(PIPELINE.map((_s, k) => `count(*) FILTER (WHERE l.furthest_stage_ordinal >= ${k})::int AS r${k}`).join(', '));
    const reached = ((await reachedQb.getRawOne()) ?? {}) as Record<string, number>;
    const scopedIds = this.repo.applyFilter(this.repo.scoped(actor), filter).select('l.id');
    const medians: Array<{ stage: LeadStage; median: string | null }> = await this.repo
      .applyFilter(this.repo.scoped(actor), filter)
      .connection.createQueryBuilder()
      .select('sc.from_stage', 'stage')
      .addSelect('round(percentile_cont(0.5) WITHIN GROUP (ORDER BY sc.days_in_from_stage)::numeric, 1)::text', 'median')
      .from('lead_stage_changes', 'sc')
      .where(`sc.lead_id IN (${scopedIds.getQuery()})`)
      .andWhere('sc.from_stage IS NOT NULL')
      .setParameters(scopedIds.getParameters())
      .groupBy('sc.from_stage')
      .getRawMany();
    const steps = PIPELINE.map((stage, k) => {
      const here = reached[`r${k}`] ?? 0;
      const next = k + 1 < PIPELINE.length ? (reached[`r${k + 1}`] ?? 0) : null;
      return {
        stage,
        label: LEAD_STAGE_LABELS[stage],
        reached: here,
        conversionToNext: next === null ? null : percent(next, here),
        medianDays: stage === LeadStage.Signed ? null : (medians.find((m) => m.stage === stage)?.median ?? null),
      };
    });
    return { steps };
  }
}

/** amount × probability, exact, rounded half up to the yuan (4 decimals of 万元). */
export function weighted(amount: string, probability: string): string {
  const [whole, frac = ''] = probability.split('.');
  const scale = 10n ** BigInt(frac.length);
  const p = BigInt(whole as string) * scale + BigInt(frac || '0');
  const product = toUnits(fromNumeric(amount)) * p;
  return formatWanYuan((product + scale / 2n) / scale);
}

function percent(part: number, whole: number): string | null {
  if (whole === 0) return null;
  return ((part * 100) / whole).toFixed(2);
}
