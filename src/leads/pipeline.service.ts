import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { formatWanYuan, fromNumeric, toUnits } from '../common/money/wan-yuan';
import { queryPrepared } from '../database/prepared';
import { LeadFilter } from './dto/lead.dto';
import { LEAD_STAGE_LABELS, LeadStage, OPEN_STAGES, PIPELINE } from './entities/lead-stage';
import { Lead } from './entities/lead.entity';
import { CITY_TEAM_KEY } from './lead-stage-totals.sql';
import { ResolvedLeadScope } from '../access/access.repository';
import { filtersOnlyTeams, LeadsRepository } from './leads.repository';
import { PIPELINE_RULES, PipelineRules } from './pipeline-rules';
import { PipelineFunnelView } from './dto/pipeline.dto';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: LeadsRepository,
    @Inject(PIPELINE_RULES) private readonly rules: PipelineRules,
  ) {}

  async board(actor: AuthUser, filter: LeadFilter): Promise<PipelineBoard> {
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

  async funnel(actor: AuthUser, filter: LeadFilter): Promise<PipelineFunnelView> {
    const scope = await this.repo.resolveScope(actor, { byRegion: true });
    const [cells, medians] = await Promise.all([this.cells(actor, filter, scope), this.medianDays(scope, filter)]);
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

  /**
   * Live leads in scope and filter, counted per stage and furthest stage reached. Filtered on
   * teams alone (the usual board), they come from the trigger-kept lead_stage_totals — a few
   * thousand rows where the leads are a hundred thousand — plus, for a scoped caller, the
   * co-pursued leads of other teams counted live; any other filter counts the leads.
   */
  private async cells(actor: AuthUser, filter: LeadFilter, known?: ResolvedLeadScope): Promise<Cell[]> {
    const scope = known ?? (await this.repo.resolveScope(actor, { byRegion: true }));
    const grouped = (qb: SelectQueryBuilder<Lead>) =>
      qb
        .select('l.stage', 'stage')
        .addSelect('l.furthest_stage_ordinal', 'furthest')
        .addSelect('count(*)::int', 'count')
        .addSelect('COALESCE(sum(l.intended_amount * 10000), 0)::bigint::text', 'intended')
        .addSelect('COALESCE(sum(l.signed_amount * 10000), 0)::bigint::text', 'signed')
        .groupBy('l.stage')
        .addGroupBy('l.furthest_stage_ordinal');
    if (!filtersOnlyTeams(filter)) return (await grouped(this.repo.applyFilter(this.repo.within(scope), filter)).getRawMany<RawCell>()).map(toCell);
    // Every board request repeats the statements below: prepared, they are planned once per connection.
    const prepared = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>) => queryPrepared<RawCell>(this.dataSource, ...qb.getQueryAndParameters());

    const unfiltered = !filter.teamId && !filter.regionUnitId;
    const sum = (table: string) =>
      this.dataSource
        .createQueryBuilder()
        .from(table, 's')
        .select('s.stage', 'stage')
        .addSelect('s.furthest_stage_ordinal', 'furthest')
        .addSelect('sum(s.leads)::int', 'count')
        .addSelect('sum(s.intended_units)::text', 'intended')
        .addSelect('sum(s.signed_units)::text', 'signed')
        .groupBy('s.stage')
        .addGroupBy('s.furthest_stage_ordinal');
    const totals = sum('lead_stage_totals');
    // A manager's whole scope: the cells of the region units they manage (a few dozen rows each)
    // and of the teams outside them, rather than every team's.
    const regions = unfiltered && scope.byRegion?.regionUnitIds.length ? scope.byRegion : null;
    if (regions) totals.andWhere('s.team_id = ANY(:otherTeams)', { otherTeams: regions.otherTeamIds });
    else if (scope.teamIds) totals.andWhere('s.team_id = ANY(:scopeTeams)', { scopeTeams: scope.teamIds });
    // The whole city at once: its own cells (a few dozen rows) rather than every team's.
    else if (unfiltered) totals.andWhere('s.team_id = :city', { city: CITY_TEAM_KEY });
    this.repo.applyTeamFilter(totals, filter, 's.team_id');
    const regionTotals = regions ? prepared(sum('lead_region_stage_totals').where('s.region_unit_id = ANY(:regionUnits)', { regionUnits: regions.regionUnitIds })) : Promise.resolve([]);
    // A team filter names owning teams, so co-pursued leads of others only count without one.
    const coPursued =
      scope.teamIds && scope.coLeadIds.length && unfiltered
        ? prepared(
            grouped(
              this.repo
                .within({ teamIds: null, coLeadIds: [] })
                .where('l.id = ANY(:coLeads) AND NOT (l.team_id = ANY(:scopeTeams))', { coLeads: scope.coLeadIds, scopeTeams: scope.teamIds }),
            ),
          )
        : Promise.resolve([]);
    const teamTotals = regions && regions.otherTeamIds.length === 0 ? Promise.resolve([]) : prepared(totals);
    const [own, byRegion, other] = await Promise.all([teamTotals, regionTotals, coPursued]);
    return [...own, ...byRegion, ...other].map(toCell);
  }

  /** Median days spent in each stage by the leads in scope and filter that have left it. */
  private async medianDays(scope: ResolvedLeadScope, filter: LeadFilter): Promise<Array<{ stage: LeadStage; median: string | null }>> {
    const scopedIds = this.repo.applyFilter(this.repo.within(scope), filter).select('l.id');
    return this.dataSource.transaction(async (em) => {
      // The city's 250,000 stage changes sort in memory with this, on disk (three times slower) with the default 4 MB.
      await em.query(`SET LOCAL work_mem = '64MB'`);
      return em
        .createQueryBuilder()
        .select('sc.from_stage', 'stage')
        .addSelect('round(percentile_cont(0.5) WITHIN GROUP (ORDER BY sc.days_in_from_stage)::numeric, 1)::text', 'median')
        .from('lead_stage_changes', 'sc')
        .where(`sc.lead_id IN (${scopedIds.getQuery()})`)
        .andWhere('sc.from_stage IS NOT NULL')
        .setParameters(scopedIds.getParameters())
        .groupBy('sc.from_stage')
        .getRawMany();
    });
  }
}

interface RawCell {
  stage: LeadStage;
  furthest: number;
  count: number;
  intended: string;
  signed: string;
}

/** Leads of one stage and furthest stage reached; amounts in 0.0001 万元 units. */
interface Cell {
  stage: LeadStage;
  furthest: number;
  count: number;
  intendedUnits: bigint;
  signedUnits: bigint;
}

const toCell = (r: RawCell): Cell => ({ stage: r.stage, furthest: Number(r.furthest), count: r.count, intendedUnits: BigInt(r.intended), signedUnits: BigInt(r.signed) });

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
