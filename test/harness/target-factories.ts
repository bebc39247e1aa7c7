import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../src/common/auth/auth-user';
import { businessDate } from '../../src/common/time/business-time';
import { InteractionType } from '../../src/interactions/entities/interaction.entity';
import { LeadView } from '../../src/leads/dto/lead.dto';
import { LeadSource } from '../../src/leads/entities/lead-stage';
import { LeadsService } from '../../src/leads/leads.service';
import { MetricsService } from '../../src/metrics/metrics.service';
import { FundsRowDto } from '../../src/projects/dto/funds.dto';
import { CreateProjectDto } from '../../src/projects/dto/project.dto';
import { ProjectsService } from '../../src/projects/projects.service';
import { RegionLevel } from '../../src/regions/entities/region-unit.entity';
import { SigningView } from '../../src/signings/dto/signing.dto';
import { AgreementType, SigningKind } from '../../src/signings/entities/signing.entity';
import { SigningsService } from '../../src/signings/signings.service';
import { AssignTargetDto, TargetValuesDto } from '../../src/targets/dto/target.dto';
import { TargetViewDto as TargetView } from '../../src/targets/dto/target-view.dto';
import { TargetsService } from '../../src/targets/targets.service';
import { cjk, CrmFactory } from './crm-factories';
import { Factory, TestUser } from './factories';
import { ProjectFactory } from './project-factories';
import { TestApp } from './test-app';
import { landingForUntargeted } from './landing';

/** The Beijing calendar year today. */
export const thisYear = (): number => Number(businessDate(new Date()).slice(0, 4));
/** Today in Beijing, YYYY-MM-DD. */
export const today = (): string => businessDate(new Date());

/** Metric values of a progress or ranking row, keyed by metric. */
export type MetricRow = { metric: string; target: string; actual: string; completion: string; aheadBy: string; status: string };
export const byMetric = (metrics: MetricRow[]): Record<string, MetricRow> => Object.fromEntries(metrics.map((m) => [m.metric, m]));

let codeSeq = 0;
/** A six-digit GB/T 2260-shaped code, unique within the process. */
const nextCode = () => String(700000 + (process.pid % 1000) * 100 + ++codeSeq).slice(0, 6);

/**
 * Targets and the data they are measured by — interactions, leads, signings, registry
 * projects — built through the services (fast), dated where the counting rules look.
 */
export class TargetFactory {
  readonly db: DataSource;
  readonly crm: CrmFactory;
  readonly projects: ProjectFactory;
  private chain?: string;

  constructor(
    private readonly t: TestApp,
    readonly f: Factory,
  ) {
    this.db = t.app.get<DataSource>(getDataSourceToken());
    this.crm = new CrmFactory(t, f);
    this.projects = new ProjectFactory(t, f);
  }

  async admin(): Promise<AuthUser> {
    return this.crm.actor(await this.f.adminUser());
  }

  /**
   * City → county X (with a township below it) and county Y; teams A and B in X, T in X's
   * township, C in Y, and a city team directly under the city; one member each; managers of
   * X and of Y.
   */
  async org() {
    const city = await this.f.region({ level: RegionLevel.City, name: `市${cjk(3)}`, code: nextCode() });
    const countyX = await this.f.region({ level: RegionLevel.County, parentId: city.id, name: `县X${cjk(3)}`, code: nextCode() });
    const townshipX = await this.f.region({ level: RegionLevel.Township, parentId: countyX.id, name: `乡X${cjk(3)}` });
    const countyY = await this.f.region({ level: RegionLevel.County, parentId: city.id, name: `县Y${cjk(3)}`, code: nextCode() });
    const [memberA, memberB, memberT, memberC, memberCity] = [await this.f.user(), await this.f.user(), await this.f.user(), await this.f.user(), await this.f.user()];
    const teamA = await this.f.team({ regionUnitId: countyX.id, memberIds: [memberA.id], name: `A队${cjk(3)}` });
    const teamB = await this.f.team({ regionUnitId: countyX.id, memberIds: [memberB.id], name: `B队${cjk(3)}` });
    const teamT = await this.f.team({ regionUnitId: townshipX.id, memberIds: [memberT.id], name: `T队${cjk(3)}` });
    const teamC = await this.f.team({ regionUnitId: countyY.id, memberIds: [memberC.id], name: `C队${cjk(3)}` });
    const cityTeam = await this.f.team({ regionUnitId: city.id, memberIds: [memberCity.id], name: `市队${cjk(3)}` });
    const managerX = await this.f.manager({ regionUnitIds: [countyX.id] });
    const managerY = await this.f.manager({ regionUnitIds: [countyY.id] });
    return { city, countyX, townshipX, countyY, teamA, teamB, teamT, teamC, cityTeam, memberA, memberB, memberT, memberC, memberCity, managerX, managerY };
  }

  /** A target assigned by the admin (through the service). */
  async assign(dto: Omit<AssignTargetDto, 'values'> & { values: Partial<Record<keyof TargetValuesDto, number | string>> }): Promise<TargetView> {
    return this.t.app.get(TargetsService).assign(await this.admin(), dto as AssignTargetDto);
  }

  /** Recomputes the counting rules' view, as the scheduled job does. */
  async refresh(): Promise<void> {
    const { refreshed } = await this.t.app.get(MetricsService).refresh();
    if (!refreshed) throw new Error('metrics refresh skipped: another refresh holds the lock');
  }

  async chainId(): Promise<string> {
    this.chain ??= (await this.crm.industryChain()).id;
    return this.chain;
  }

  /** An interaction by `author` (for their only team) at a Beijing date or date-time. */
  async interaction(author: TestUser, enterpriseId: string, occurredAt: string, type: InteractionType = InteractionType.Visit) {
    return this.crm.interaction(author, { enterpriseId, occurredAt, type });
  }

  /** A lead opened by `member` for their only team, registered (created) on `createdOn`. */
  async lead(member: TestUser, createdOn: string, opts: { industryChainId?: string; targetRegionUnitId?: string | null; intendedAmount?: string; enterpriseId?: string } = {}): Promise<LeadView> {
    const lead = await this.t.app.get(LeadsService).create(this.crm.actor(member), {
      title: `项目${cjk(5)}`,
      enterpriseId: opts.enterpriseId ?? (await this.crm.enterprise()).id,
      industryChainId: opts.industryChainId ?? (await this.chainId()),
      targetRegionUnitId: opts.targetRegionUnitId ?? null,
      intendedAmount: opts.intendedAmount ?? '10000',
      source: LeadSource.DoorToDoor,
    });
    await this.createdOn('leads', lead.id, createdOn);
    return lead;
  }

  /** Moves a row's created_at to noon (Beijing) of `date`. */
  async createdOn(table: 'leads' | 'interactions', id: string, date: string): Promise<void> {
    await this.db.query(`UPDATE ${table} SET created_at = $2::timestamptz ${table === 'leads' ? ', stage_entered_at = $2::timestamptz' : ''} WHERE id = $1`, [id, `${date}T12:00:00+08:00`]);
  }

  /** A signing by `by` (initial unless told), dated `signedOn`. */
  async sign(by: TestUser, leadId: string, amount: string, signedOn: string, kind: SigningKind = SigningKind.Initial): Promise<SigningView> {
    const landingRegionUnitId = await landingForUntargeted(this.db, leadId);
    return this.t.app.get(SigningsService).create(this.crm.actor(by), leadId, { kind, agreementType: AgreementType.Investment, amount, signedOn, landingRegionUnitId });
  }

  /** Rolls a signing up into the registry, as the background job would. */
  async rollup(lead: LeadView, signing: SigningView): Promise<string> {
    return this.t.app.get(ProjectsService).rollupSigning(this.projects.payload(lead, signing));
  }

  /** A registry project entered directly by the admin. */
  async project(dto: Partial<CreateProjectDto> = {}) {
    return this.projects.project(dto);
  }

  /** 当月完成投资 of a project for `YYYY-MM`. */
  async progress(projectId: string, month: string, completedInvestment: string): Promise<void> {
    await this.projects.progress(projectId, month, completedInvestment);
  }

  async funds(projectId: string, month: string, rows: FundsRowDto[]): Promise<void> {
    await this.projects.funds(projectId, month, rows);
  }

  async plan(projectId: string, year: number, plannedInvestment: string): Promise<void> {
    await this.projects.plan(projectId, year, plannedInvestment);
  }

  async count(table: 'targets' | 'target_revisions' | 'rankings', where = 'true', params: unknown[] = []): Promise<number> {
    const rows: Array<{ n: number }> = await this.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
    return rows[0]?.n ?? 0;
  }
}
