import { getDataSourceToken } from '@nestjs/typeorm';
import type { Test } from 'supertest';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../src/common/auth/auth-user';
import { LeadView } from '../../src/leads/dto/lead.dto';
import { LeadSource } from '../../src/leads/entities/lead-stage';
import { LeadsService } from '../../src/leads/leads.service';
import { FundsRowDto } from '../../src/projects/dto/funds.dto';
import { CreateProjectDto, ProjectDetailView, RollupSigningPayload } from '../../src/projects/dto/project.dto';
import { ProjectFundsService } from '../../src/projects/project-funds.service';
import { ProjectsService } from '../../src/projects/projects.service';
import { SigningView } from '../../src/signings/dto/signing.dto';
import { AgreementType, SigningKind } from '../../src/signings/entities/signing.entity';
import { SigningsService } from '../../src/signings/signings.service';
import { API, cjk, CrmFactory } from './crm-factories';
import { Factory, TestUser } from './factories';
import { TestApp } from './test-app';
import { landingForUntargeted } from './landing';

/** Requests as one user, with PUT (the registry's plans and progress are PUTs). */
export interface RegistryClient {
  user: TestUser;
  get(url: string): Test;
  post(url: string): Test;
  put(url: string): Test;
  patch(url: string): Test;
  delete(url: string): Test;
}

/**
 * Projects, plans, progress and signed leads for the registry specs, built through the services
 * (fast); what a spec tests goes through HTTP.
 */
export class ProjectFactory {
  readonly db: DataSource;
  readonly crm: CrmFactory;

  constructor(
    private readonly t: TestApp,
    readonly f: Factory,
  ) {
    this.db = t.app.get<DataSource>(getDataSourceToken());
    this.crm = new CrmFactory(t, f);
  }

  async as(user: TestUser): Promise<RegistryClient> {
    const token = await user.token();
    const auth = (r: Test) => r.set('Authorization', `Bearer ${token}`);
    return {
      user,
      get: (url) => auth(this.t.http().get(API + url)),
      post: (url) => auth(this.t.http().post(API + url)),
      put: (url) => auth(this.t.http().put(API + url)),
      patch: (url) => auth(this.t.http().patch(API + url)),
      delete: (url) => auth(this.t.http().delete(API + url)),
    };
  }

  async adminActor(): Promise<AuthUser> {
    return this.crm.actor(await this.f.adminUser());
  }

  /** A project entered directly by the admin. */
  async project(dto: Partial<CreateProjectDto> = {}): Promise<ProjectDetailView> {
    return this.t.app.get(ProjectsService).create(await this.adminActor(), { name: `项目${cjk(5)}`, totalInvestment: '10000', ...dto });
  }

  async plan(projectId: string, year: number, plannedInvestment: string): Promise<void> {
    await this.t.app.get(ProjectsService).setYearPlan(await this.adminActor(), projectId, String(year), { plannedInvestment });
  }

  async progress(projectId: string, month: string, completedInvestment: string): Promise<void> {
    await this.t.app.get(ProjectsService).reportProgress(await this.adminActor(), projectId, month, { completedInvestment });
  }

  /** 实际到位资金 for a month, replacing the month's rows. */
  async funds(projectId: string, month: string, rows: FundsRowDto[]): Promise<void> {
    await this.t.app.get(ProjectFundsService).report(await this.adminActor(), projectId, month, { rows });
  }

  /** A lead opened by `member` for their only team, on a fresh enterprise. */
  async lead(member: TestUser, opts: { industryChainId: string; targetRegionUnitId?: string | null; title?: string }): Promise<LeadView> {
    const enterprise = await this.crm.enterprise();
    return this.t.app.get(LeadsService).create(this.crm.actor(member), {
      title: opts.title ?? `项目${cjk(5)}`,
      enterpriseId: enterprise.id,
      industryChainId: opts.industryChainId,
      targetRegionUnitId: opts.targetRegionUnitId ?? null,
      intendedAmount: '10000',
      source: LeadSource.DoorToDoor,
    });
  }

  /** A signing recorded by `member` (the pipeline itself; it also writes the outbox message). */
  async sign(member: TestUser, leadId: string, amount: string, kind: SigningKind = SigningKind.Initial, signedOn = '2022-04-27'): Promise<SigningView> {
    const landingRegionUnitId = await landingForUntargeted(this.db, leadId);
    return this.t.app.get(SigningsService).create(this.crm.actor(member), leadId, { kind, agreementType: AgreementType.Investment, amount, signedOn, landingRegionUnitId });
  }

  /** The payload the rollup job carries for a signing of `lead`. */
  payload(lead: LeadView, signing: SigningView): RollupSigningPayload {
    return {
      signingId: signing.id,
      leadId: lead.id,
      kind: signing.kind as unknown as RollupSigningPayload['kind'],
      amount: signing.amount,
      signedOn: signing.signedOn,
      title: lead.title,
      enterpriseId: lead.enterprise.id,
      teamId: lead.team.id,
      industryChainId: lead.industryChain.id,
      regionUnitId: lead.targetRegionUnit?.id ?? null,
    };
  }

  /** The projects rolled up from a lead (there must never be more than one). */
  async projectsOfLead(leadId: string): Promise<Array<{ id: string; signed_amount: string; total_investment: string; signed_on: string; region_unit_id: string | null; name: string }>> {
    return this.db.query('SELECT id, name, signed_amount, total_investment, signed_on::text, region_unit_id FROM projects WHERE lead_id = $1', [leadId]);
  }
}
