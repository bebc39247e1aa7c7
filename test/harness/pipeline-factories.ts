import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '../../src/common/auth/auth-user';
import { CreateLeadDto, LeadView } from '../../src/leads/dto/lead.dto';
import { LeadSource, LeadStage } from '../../src/leads/entities/lead-stage';
import { LeadsService } from '../../src/leads/leads.service';
import { SourceRegion } from '../../src/reference/entities/source-region.entity';
import { SOURCE_REGIONS } from '../../src/reference/reference.module';
import { ReferenceService } from '../../src/reference/reference.service';
import { CreateSigningDto, CreateSigningEventDto } from '../../src/signings/dto/signing.dto';
import { AgreementType } from '../../src/signings/entities/signing.entity';
import { SigningEventsService } from '../../src/signings/signing-events.service';
import { SigningsService } from '../../src/signings/signings.service';
import { cjk, CrmFactory, dayOffset } from './crm-factories';
import { Factory, TestUser } from './factories';
import { TestApp } from './test-app';
import { landingForUntargeted } from './landing';

/** One row of lead_stage_changes, as the database keeps it. */
export interface StageChangeRow {
  id: string;
  from_stage: LeadStage | null;
  to_stage: LeadStage;
  reason: string | null;
  actor_id: string | null;
  days_in_from_stage: string | null;
  at: Date;
}

/**
 * Leads, moves, signings and signing events, built through the services (fast) as the user
 * given; the specs send what they test through HTTP.
 */
export class PipelineFactory {
  readonly db: DataSource;
  readonly crm: CrmFactory;
  private defaultChainId?: string;

  constructor(
    private readonly t: TestApp,
    readonly f: Factory,
  ) {
    this.db = t.app.get<DataSource>(getDataSourceToken());
    this.crm = new CrmFactory(t, f);
  }

  /** The industry chain leads use unless told otherwise (created once per app). */
  async chainId(): Promise<string> {
    this.defaultChainId ??= (await this.crm.industryChain()).id;
    return this.defaultChainId;
  }

  async sourceRegion(name = `区域${cjk(3)}`): Promise<SourceRegion> {
    const admin = this.crm.actor(await this.f.adminUser());
    return this.t.app.get<ReferenceService<SourceRegion>>(SOURCE_REGIONS).create(admin, { name });
  }

  /** A request body for POST /leads: a fresh enterprise on the default chain unless given. */
  async leadBody(overrides: Partial<Record<keyof CreateLeadDto, unknown>> & Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return {
      title: `项目${cjk(5)}`,
      enterpriseId: overrides.enterpriseId ?? (await this.crm.enterprise()).id,
      industryChainId: overrides.industryChainId ?? (await this.chainId()),
      intendedAmount: '10000',
      source: LeadSource.DoorToDoor,
      ...overrides,
    };
  }

  /** A lead opened by `by` (for their only team unless teamId is given). */
  async lead(by: TestUser, overrides: Partial<CreateLeadDto> = {}): Promise<LeadView> {
    const body = (await this.leadBody(overrides)) as unknown as CreateLeadDto;
    return this.t.app.get(LeadsService).create(this.crm.actor(by), body);
  }

  /** Moves a lead as `by`, with a reason (every move accepts one). */
  async move(by: TestUser, leadId: string, to: LeadStage, reason = '测试'): Promise<LeadView> {
    return this.t.app.get(LeadsService).transition(this.crm.actor(by), leadId, { to, reason });
  }

  /** Records a signing as `by` (an initial investment agreement dated yesterday unless told). */
  async sign(by: TestUser, leadId: string, dto: Partial<CreateSigningDto> = {}) {
    return this.t.app.get(SigningsService).create(this.crm.actor(by), leadId, {
      agreementType: AgreementType.Investment,
      amount: '1000',
      signedOn: dayOffset(-1),
      landingRegionUnitId: await landingForUntargeted(this.db, leadId),
      ...dto,
    });
  }

  async signingEvent(dto: Partial<CreateSigningEventDto> = {}) {
    const admin = await this.f.adminUser();
    return this.t.app.get(SigningEventsService).create(this.crm.actor(admin), { name: `签约大会${cjk(3)}`, heldOn: dayOffset(-1), isOnline: true, ...dto });
  }

  /**
   * Moves a lead's whole history `days` into the past: its creation, its stage entry and its
   * stage changes, as if nobody had touched it since.
   */
  async backdate(leadId: string, days: number): Promise<void> {
    await this.db.query(
      `UPDATE leads SET created_at = created_at - make_interval(days => $2), stage_entered_at = stage_entered_at - make_interval(days => $2) WHERE id = $1`,
      [leadId, days],
    );
    await this.db.query(`UPDATE lead_stage_changes SET at = at - make_interval(days => $2) WHERE lead_id = $1`, [leadId, days]);
  }

  async stageChanges(leadId: string): Promise<StageChangeRow[]> {
    return this.db.query(`SELECT id, from_stage, to_stage, reason, actor_id, days_in_from_stage::text, at FROM lead_stage_changes WHERE lead_id = $1 ORDER BY at, id`, [leadId]);
  }

  async count(table: 'leads' | 'signings' | 'lead_stage_changes' | 'lead_claims' | 'lead_co_teams' | 'signing_events', where = 'true', params: unknown[] = []): Promise<number> {
    const rows: Array<{ n: number }> = await this.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
    return rows[0]?.n ?? 0;
  }

  /** A manager of the given region units / teams, signed in. */
  async managerClient(scope: { regionUnitIds?: string[]; teamIds?: string[] }) {
    return this.crm.as(await this.f.manager(scope));
  }

  /** The shared admin, signed in. */
  async adminClient() {
    return this.crm.client(Role.Admin);
  }
}
