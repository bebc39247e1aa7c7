import { Inject, Injectable } from '@nestjs/common';
import { AuthUser } from '../common/auth/auth-user';
import { scopedAnswerKey } from '../common/cache/scoped-answer-key';
import { VersionedCache } from '../common/cache/versioned-cache';
import { formatWanYuan, fromNumeric, toUnits } from '../common/money/wan-yuan';
import { ResolvedLeadScope } from '../access/access.repository';
import { LeadFilter } from './dto/lead.dto';
import { PipelineBoardView, PipelineFunnelView } from './dto/pipeline.dto';
import { LEAD_STAGE_LABELS, LeadStage, OPEN_STAGES, PIPELINE } from './entities/lead-stage';
import { PipelineRepository, StageCellRow } from './leads-pipeline.repository';
import { LeadsRepository } from './leads.repository';
import { PIPELINE_RULES, PipelineRules } from './pipeline-rules';

/** Funnels an API process keeps (the least recently used go first): a few hundred bytes each. */
const FUNNELS_KEPT = 1000;

/** The manager's pipeline board and funnel, over the leads in scope and the filters given. */
@Injectable()
export class PipelineService {
  /**
   * Funnels this process computed, each under the stamp it was computed at (the access scope
   * version and the pipeline's count of writes, PipelineRepository.funnelStamp): a funnel is
   * answered again only while no write that could change it has committed, in any process.
   */
  private readonly funnels = new VersionedCache<PipelineFunnelView>(FUNNELS_KEPT);

  constructor(
    private readonly repo: LeadsRepository,
    private readonly pipeline: PipelineRepository,
    @Inject(PIPELINE_RULES) private readonly rules: PipelineRules,
  ) {}

  async board(actor: AuthUser, filter: LeadFilter): Promise<PipelineBoardView> {
    const cells = await this.cells(actor, filter);
    const row = (stage: LeadStage) => {
      const mine = cells.filter((c) => c.stage === stage);
      return {
        count: mine.reduce((n, c) => n + c.count, 0),
        intended: formatWanYuan(mine.reduce((n, c) => n + c.intendedUnits, 0n)),
        signed: formatWanYuan(mine.reduce((n, c) => n + c.signedUnits, 0n)),
      };
    };
    const stages = OPEN_STAGES.map((stage) => {
      const r = row(stage);
      const probability = this.rules.stageProbabilities[stage as keyof PipelineRules['stageProbabilities']];
      return {
        stage,
        label: LEAD_STAGE_LABELS[stage],
        count: r.count,
        intendedAmount: r.intended,
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
      onHold: { stage: LeadStage.OnHold, label: LEAD_STAGE_LABELS[LeadStage.OnHold], count: hold.count, intendedAmount: hold.intended },
      signed: { count: signed.count, signedAmount: signed.signed },
      lost: { count: lost.count, intendedAmount: lost.intended },
    };
  }

  /**
   * The funnel (computeFunnel), kept per caller's scope and filter under the stamp read before it
   * is computed: exact, and as new as every write committed before the request.
   */
  async funnel(actor: AuthUser, filter: LeadFilter): Promise<PipelineFunnelView> {
    const read = await this.pipeline.funnelStamp();
    if (!read) return this.computeFunnel(actor, filter);
    // The scope resolved at the stamp's version (not the older one the session check may have read).
    const atStamp = { ...actor, scopeVersion: read.scopeVersion };
    return this.funnels.get(scopedAnswerKey(actor, filter), read.stamp, () => this.computeFunnel(atStamp, filter));
  }

  /** The funnel as the leads stand now, never kept. */
  async computeFunnel(actor: AuthUser, filter: LeadFilter): Promise<PipelineFunnelView> {
    const scope = await this.repo.resolveScope(actor, { byRegion: true });
    const [cells, medians] = await Promise.all([this.cells(actor, filter, scope), this.pipeline.medianDays(scope, filter, MEDIAN_STAGES)]);
    const reached = (k: number) => cells.reduce((n, c) => n + (c.furthest >= k ? c.count : 0), 0);
    const steps = PIPELINE.map((stage, k) => {
      const here = reached(k);
      const next = k + 1 < PIPELINE.length ? reached(k + 1) : null;
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

  /** Live leads in scope and filter, counted per stage and furthest stage reached (PipelineRepository.stageCells). */
  private async cells(actor: AuthUser, filter: LeadFilter, known?: ResolvedLeadScope): Promise<Cell[]> {
    const scope = known ?? (await this.repo.resolveScope(actor, { byRegion: true }));
    return (await this.pipeline.stageCells(scope, filter)).map(toCell);
  }
}

/** The stages whose median days the funnel shows: every step but the last (已签约). */
const MEDIAN_STAGES = PIPELINE.filter((s) => s !== LeadStage.Signed);

/** Leads of one stage and furthest stage reached; amounts in 0.0001 万元 units. */
interface Cell {
  stage: LeadStage;
  furthest: number;
  count: number;
  intendedUnits: bigint;
  signedUnits: bigint;
}

const toCell = (r: StageCellRow): Cell => ({ stage: r.stage, furthest: Number(r.furthest), count: r.count, intendedUnits: BigInt(r.intended), signedUnits: BigInt(r.signed) });

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
