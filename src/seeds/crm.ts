import { createHash } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { TeamMember } from '../access/entities/team-member.entity';
import { AuthUser } from '../common/auth/auth-user';
import { AppError } from '../common/errors/app-error';
import { businessDate, startOfBusinessDay } from '../common/time/business-time';
import { ContactsService } from '../enterprises/contacts.service';
import { CreateContactDto } from '../enterprises/dto/contact.dto';
import { CreateEnterpriseDto } from '../enterprises/dto/enterprise.dto';
import { normalizeEnterpriseName } from '../enterprises/enterprise-name';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { EnterpriseContact } from '../enterprises/entities/enterprise-contact.entity';
import { USCC_ALPHABET, usccCheckChar } from '../enterprises/uscc';
import { CreateInteractionDto } from '../interactions/dto/interaction.dto';
import { INTERACTION_TYPE_LABELS, InteractionType } from '../interactions/entities/interaction.entity';
import { InteractionsService } from '../interactions/interactions.service';
import { CreateLeadClaimDto } from '../leads/dto/lead-claim.dto';
import { CreateLeadDto, TransitionDto } from '../leads/dto/lead.dto';
import { LEAD_STAGE_LABELS, LeadSource, LeadStage, OPEN_STAGES, PIPELINE } from '../leads/entities/lead-stage';
import { LeadClaimsService } from '../leads/lead-claims.service';
import { LeadsService } from '../leads/leads.service';
import { pipelineOrdinal } from '../leads/stage-rules';
import { ReferenceItem } from '../reference/entities/reference-item';
import { RegionUnit } from '../regions/entities/region-unit.entity';
import { CreateSigningDto, CreateSigningEventDto } from '../signings/dto/signing.dto';
import { SigningEvent } from '../signings/entities/signing-event.entity';
import { AGREEMENT_TYPE_LABELS } from '../signings/entities/signing.entity';
import { SigningEventsService } from '../signings/signing-events.service';
import { SigningsService } from '../signings/signings.service';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { DEMO_COLLISION, DEMO_INTERACTIONS, DEMO_LEADS, DEMO_SIGNING_EVENT, DemoInteraction, DemoLead } from './demo-pipeline';
import { demoAfterCare, demoLeadTimeline } from './demo-timeline';
import { attempt, forEachConcurrently, validate } from './write-through';

// ---------------------------------------------------------------------------------------
// The demo company database: config/tongliao/enterprises.json

export interface DemoContact {
  name: string;
  title?: string;
  mobile?: string;
  landline?: string;
}

export interface DemoEnterprise {
  name: string;
  /** Unique in the file: the demo pipeline names enterprises by it. */
  shortName: string;
  industryChain: string;
  hqProvince: string;
  hqCity: string;
  tags: string[];
  /** When set, the enterprise gets a generated demo credit code registered under this GB/T 2260 code. */
  creditCodeRegion?: string;
  notes?: string;
  contacts: DemoContact[];
}

/** Shape-checks enterprises.json; the services validate the values (tags, mobiles …) themselves. */
export function parseDemoEnterprises(value: unknown, file: string): DemoEnterprise[] {
  const items = (value as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new Error(`${file}: "items" must be an array`);
  const shortNames = new Set<string>();
  return items.map((raw: Record<string, unknown>, i) => {
    const where = `${file}: items[${i}]`;
    for (const key of ['name', 'shortName', 'industryChain', 'hqProvince', 'hqCity'] as const) {
      if (typeof raw?.[key] !== 'string') throw new Error(`${where} needs a string ${key}`);
    }
    if (!Array.isArray(raw.tags) || raw.tags.some((t) => typeof t !== 'string')) throw new Error(`${where} (${raw.name}): tags must be an array of strings`);
    if (raw.creditCodeRegion !== undefined && !/^\d{6}$/.test(String(raw.creditCodeRegion))) throw new Error(`${where} (${raw.name}): creditCodeRegion must be a 6-digit GB/T 2260 code`);
    if (raw.notes !== undefined && typeof raw.notes !== 'string') throw new Error(`${where} (${raw.name}): notes must be a string`);
    if (!Array.isArray(raw.contacts) || raw.contacts.some((c: { name?: unknown }) => typeof c?.name !== 'string')) {
      throw new Error(`${where} (${raw.name}): contacts must be an array of objects with a string name`);
    }
    if (shortNames.has(raw.shortName as string)) throw new Error(`${where}: shortName「${raw.shortName}」is used twice`);
    shortNames.add(raw.shortName as string);
    return raw as unknown as DemoEnterprise;
  });
}

/**
 * A valid credit code for a demo enterprise: 9 (工商) 1 (企业), the region code, an
 * organisation part derived from the name that starts with DY to mark it as demo data, and
 * the check character. The same name always gives the same code.
 */
export function demoCreditCode(name: string, region: string): string {
  const digest = createHash('sha256').update(name).digest();
  let org = 'DY';
  for (let i = 0; i < 7; i++) org += USCC_ALPHABET[(digest[i] as number) % USCC_ALPHABET.length];
  const first17 = `91${region}${org}`;
  return first17 + usccCheckChar(first17);
}

// ---------------------------------------------------------------------------------------
// The seed of the demo pipeline

export type CrmSeedKind = 'enterprises' | 'contacts' | 'signingEvents' | 'leads' | 'leadTransitions' | 'signings' | 'interactions' | 'leadClaims';

export interface SeedUserRef {
  id: string;
  username: string;
  displayName: string;
  role: AuthUser['role'];
  isActive: boolean;
}

/** What the organisation seed hands over: its records by natural key, and its report. */
export interface CrmSeedContext {
  admin: AuthUser;
  users: ReadonlyMap<string, SeedUserRef>;
  /** Team ids by name. */
  teams: ReadonlyMap<string, string>;
  /** Region units by code, and by `parent code/name` for townships. */
  regions: ReadonlyMap<string, RegionUnit>;
  chains: ReadonlyMap<string, ReferenceItem>;
  sourceRegions: ReadonlyMap<string, ReferenceItem>;
  enterprises: readonly DemoEnterprise[];
  counts: Record<CrmSeedKind, { created: number; existing: number }>;
  warn: (line: string) => void;
  log: (line: string) => void;
}

/** The demo pipeline as the database has it after the run. */
export interface PipelineSummary {
  event: { name: string; heldOn: string; isOnline: boolean; projectCount: number; totalAmount: string; totalAmountYi: string; exact: boolean } | null;
  /** Demo leads per stage, in pipeline order. */
  stages: Array<{ stage: LeadStage; label: string; count: number }>;
  /** Demo interactions whose follow-up falls today or later and is not done. */
  openFollowUps: number;
}

interface LiveEnterprise {
  id: string;
  name: string;
  /** Live contacts by name. */
  contacts: Map<string, string>;
  /** The first contact of the demo data, met at the signing conference. */
  firstContact: string | undefined;
}

interface SeededLead {
  id: string;
  title: string;
  teamId: string;
  stage: LeadStage;
  furthest: number;
  deleted: boolean;
  /** Stage changes after creation. */
  moves: number;
  signed: boolean;
}

interface Writer {
  actor: AuthUser;
  teamId: string;
}

interface EnterpriseRow {
  id: string;
  name: string;
  normalized_name: string;
  credit_code: string | null;
  archived: boolean;
}

interface LeadRow {
  id: string;
  title: string;
  enterprise_id: string;
  industry_chain_id: string;
  team_id: string;
  stage: LeadStage;
  furthest_stage_ordinal: number;
  deleted: boolean;
  moves: number;
  signed: boolean;
}

const DAY_MS = 86_400_000;
/** Records written side by side: independent ones (other enterprises, leads, teams) never touch the same rows. */
const CONCURRENCY = 4;

/**
 * Enterprises, contacts, the signing conference, leads moved through the pipeline, signings,
 * the interaction log and a lead collision — each written through its service by the person
 * who would do it (the admin for the company list and the event, team members for the rest),
 * and looked up first by its natural key: normalised enterprise name; contact name within the
 * enterprise; event name and date; lead enterprise + chain + team; interaction enterprise +
 * team + summary; claim lead + requesting team.
 */
export class CrmSeed {
  private readonly ds: DataSource;
  /** The Beijing date of the run: relative dates in the demo data count from it. */
  private readonly today = businessDate(new Date());
  /** By short name; archived or conflicting ones are left out (with a warning). */
  private readonly enterprises = new Map<string, LiveEnterprise>();
  /** By demo lead title. */
  private readonly leads = new Map<string, SeededLead>();
  private readonly memberships = new Set<string>();
  private readonly writers = new Map<string, Writer>();
  private leadRows: LeadRow[] = [];
  /** The demo leads this run registered, by id: the ones it dates (see {@link backdate}). */
  private readonly registered = new Map<string, DemoLead>();

  constructor(
    private readonly app: INestApplicationContext,
    private readonly ctx: CrmSeedContext,
  ) {
    this.ds = app.get(DataSource);
  }

  /** The live demo enterprises (by short name) and leads (by demo title), for the seeds that build on them. */
  seeded(): { enterprises: ReadonlyMap<string, string>; leads: ReadonlyMap<string, string> } {
    return {
      enterprises: new Map([...this.enterprises].map(([shortName, e]) => [shortName, e.id])),
      leads: new Map([...this.leads].map(([title, l]) => [title, l.id])),
    };
  }

  async run(): Promise<PipelineSummary> {
    const rows = await this.ds.getRepository(TeamMember).findBy({ teamId: In([...this.ctx.teams.values()]) });
    for (const r of rows) this.memberships.add(`${r.teamId}/${r.userId}`);

    const found = await this.loadEnterprises();
    await this.each(this.ctx.enterprises, (def, log) => this.ensureEnterprise(def, found, log));
    const eventId = await this.ensureSigningEvent();
    await this.loadLeads();
    await this.each(DEMO_LEADS, (def, log) => this.ensureLead(def, eventId, log));
    await this.ensureInteractions(eventId);
    await this.ensureCollision();
    await this.backdate();
    return this.summary(eventId);
  }

  // -- enterprises and contacts -----------------------------------------------------------

  /** The live (unmerged) enterprises the demo names or codes match, and their contacts, in two queries. */
  private async loadEnterprises(): Promise<{ enterprises: EnterpriseRow[]; contacts: EnterpriseContact[] }> {
    const names = this.ctx.enterprises.map((e) => normalizeEnterpriseName(e.name));
    const codes = this.ctx.enterprises.flatMap((e) => (e.creditCodeRegion ? [demoCreditCode(e.name, e.creditCodeRegion)] : []));
    const enterprises: EnterpriseRow[] = await this.ds.query(
      `SELECT id, name, normalized_name, credit_code, archived_at IS NOT NULL AS archived FROM enterprises
        WHERE merged_into_id IS NULL AND (normalized_name = ANY($1) OR credit_code = ANY($2))`,
      [names, codes],
    );
    const contacts = enterprises.length
      ? await this.ds.getRepository(EnterpriseContact).find({ where: { enterpriseId: In(enterprises.map((e) => e.id)) }, withDeleted: true, order: { createdAt: 'ASC' } })
      : [];
    return { enterprises, contacts };
  }

  private async ensureEnterprise(def: DemoEnterprise, found: { enterprises: EnterpriseRow[]; contacts: EnterpriseContact[] }, log: (line: string) => void): Promise<void> {
    const chain = this.reference(this.ctx.chains, def.industryChain, def.name);
    const normalizedName = normalizeEnterpriseName(def.name);
    const creditCode = def.creditCodeRegion ? demoCreditCode(def.name, def.creditCodeRegion) : null;
    const byName = found.enterprises.find((e) => e.normalized_name === normalizedName);
    const byCode = creditCode ? found.enterprises.find((e) => e.credit_code === creditCode) : undefined;
    let id: string;
    if (byName) {
      this.ctx.counts.enterprises.existing++;
      if (byName.archived) {
        this.ctx.warn(`企业「${byName.name}」已归档：保持原样，不再为它写入演示联系人、对接记录和线索`);
        return;
      }
      id = byName.id;
    } else if (byCode) {
      this.ctx.warn(`演示企业「${def.name}」的演示信用代码 ${creditCode} 已属于「${byCode.name}」：未创建该企业及其演示记录`);
      return;
    } else {
      const dto = {
        name: def.name,
        shortName: def.shortName,
        creditCode,
        industryChainId: chain.isActive ? chain.id : null,
        hqProvince: def.hqProvince,
        hqCity: def.hqCity,
        tags: def.tags,
        notes: def.notes ?? null,
      };
      const view = await attempt(`创建企业「${def.name}」`, async () => this.app.get(EnterprisesService).create(this.ctx.admin, await validate(CreateEnterpriseDto, dto)));
      this.ctx.counts.enterprises.created++;
      id = view.id;
      log(`+ 企业 ${view.name}${view.creditCode ? `（${view.creditCode}）` : ''}`);
    }
    const contacts = await this.ensureContacts(def, id, found.contacts.filter((c) => c.enterpriseId === id), log);
    this.enterprises.set(def.shortName, { id, name: def.name, contacts, firstContact: def.contacts[0]?.name });
  }

  private async ensureContacts(def: DemoEnterprise, enterpriseId: string, have: EnterpriseContact[], log: (line: string) => void): Promise<Map<string, string>> {
    const live = new Map<string, string>();
    const created: string[] = [];
    for (const c of def.contacts) {
      const found = have.find((h) => h.name === c.name);
      if (found) {
        this.ctx.counts.contacts.existing++;
        if (!found.archivedAt) live.set(c.name, found.id);
        continue;
      }
      const view = await attempt(`创建联系人「${def.shortName} ${c.name}」`, async () =>
        this.app.get(ContactsService).create(this.ctx.admin, enterpriseId, await validate(CreateContactDto, c)),
      );
      this.ctx.counts.contacts.created++;
      live.set(c.name, view.id);
      created.push(`${c.name}（${c.title ?? '联系人'}）`);
    }
    if (created.length) log(`  联系人 ${created.join('、')}`);
    return live;
  }

  // -- the signing conference, leads and signings -------------------------------------------

  private async ensureSigningEvent(): Promise<string> {
    const found = await this.ds.getRepository(SigningEvent).findOneBy({ name: DEMO_SIGNING_EVENT.name, heldOn: DEMO_SIGNING_EVENT.heldOn });
    if (found) {
      this.ctx.counts.signingEvents.existing++;
      return found.id;
    }
    const { name, heldOn, isOnline, location, description } = DEMO_SIGNING_EVENT;
    const view = await attempt(`创建签约活动「${name}」`, async () =>
      this.app.get(SigningEventsService).create(this.ctx.admin, await validate(CreateSigningEventDto, { name, heldOn, isOnline, location, description })),
    );
    this.ctx.counts.signingEvents.created++;
    this.ctx.log(`+ 签约活动 ${view.name}（${view.heldOn}，${view.isOnline ? '网上签约' : view.location}）`);
    return view.id;
  }

  private async loadLeads(): Promise<void> {
    this.leadRows = await this.ds.query(
      `SELECT l.id, l.title, l.enterprise_id, l.industry_chain_id, l.team_id, l.stage, l.furthest_stage_ordinal, l.deleted_at IS NOT NULL AS deleted,
              (SELECT count(*)::int FROM lead_stage_changes sc WHERE sc.lead_id = l.id AND sc.from_stage IS NOT NULL) AS moves,
              EXISTS (SELECT 1 FROM signings s WHERE s.lead_id = l.id AND s.kind = 'initial') AS signed
         FROM leads l WHERE l.enterprise_id = ANY($1) ORDER BY l.created_at, l.id`,
      [[...this.enterprises.values()].map((e) => e.id)],
    );
  }

  /**
   * The team's lead on the pair: the one with the demo title, else its live one, else any;
   * failing those, the pair's lead with the demo title in another team (a manager transferred it).
   */
  private findLead(enterpriseId: string, chainId: string, teamId: string, title: string): LeadRow | undefined {
    const pair = this.leadRows.filter((r) => r.enterprise_id === enterpriseId && r.industry_chain_id === chainId);
    const own = pair.filter((r) => r.team_id === teamId);
    return own.find((r) => r.title === title) ?? own.find((r) => !r.deleted && r.stage !== LeadStage.Lost) ?? own[0] ?? pair.find((r) => r.title === title);
  }

  private async ensureLead(def: DemoLead, eventId: string, log: (line: string) => void): Promise<void> {
    const enterprise = this.enterprises.get(def.enterprise);
    if (!enterprise) {
      this.assertKnownEnterprise(def.enterprise, def.title);
      return;
    }
    const chain = this.reference(this.ctx.chains, def.chain, def.title);
    if (!chain.isActive) {
      this.ctx.warn(`线索「${def.title}」的产业链「${chain.name}」已停用：未登记`);
      return;
    }
    const teamId = this.teamOf(def.owner);
    const row = this.findLead(enterprise.id, chain.id, teamId, def.title);
    let lead: SeededLead;
    if (row) {
      this.ctx.counts.leads.existing++;
      this.ctx.counts.leadTransitions.existing += row.moves;
      if (row.signed) this.ctx.counts.signings.existing++;
      lead = { id: row.id, title: row.title, teamId: row.team_id, stage: row.stage, furthest: row.furthest_stage_ordinal, deleted: row.deleted, moves: row.moves, signed: row.signed };
      if (lead.deleted) {
        this.ctx.warn(`线索「${row.title}」已删除：保持原样`);
        return;
      }
    } else {
      const writer = this.writer(def.owner);
      const sourceRegion = def.sourceRegion ? this.reference(this.ctx.sourceRegions, def.sourceRegion, def.title) : null;
      const dto = {
        title: def.title,
        enterpriseId: enterprise.id,
        teamId,
        industryChainId: chain.id,
        targetRegionUnitId: this.region(def.county).id,
        sourceRegionId: sourceRegion?.isActive ? sourceRegion.id : null,
        intendedAmount: def.intendedAmount,
        expectedSignDate: typeof def.expectedSign === 'number' ? this.addDays(def.expectedSign) : def.expectedSign,
        source: def.source,
        isAnchor: def.isAnchor ?? false,
        notes: def.notes ?? null,
      };
      const view = await attempt(`登记线索「${def.title}」`, async () => {
        try {
          return await this.app.get(LeadsService).create(writer.actor, await validate(CreateLeadDto, dto));
        } catch (err) {
          // Someone registered the pair first (首报首谈): that is their lead, not the demo's.
          if (!(err instanceof AppError) || (err.code !== 'LEAD_COLLISION' && err.code !== 'LEAD_DUPLICATE')) throw err;
          this.ctx.warn(`线索「${def.title}」未登记：${err.message}`);
          return null;
        }
      });
      if (!view) return;
      this.ctx.counts.leads.created++;
      this.registered.set(view.id, def);
      lead = { id: view.id, title: view.title, teamId, stage: view.stage, furthest: 0, deleted: false, moves: 0, signed: false };
    }
    this.leads.set(def.title, lead);
    const before = lead.stage;
    await this.advance(def, lead, enterprise, eventId);
    if (lead.stage !== def.stage) {
      this.ctx.warn(`线索「${lead.title}」现为「${LEAD_STAGE_LABELS[lead.stage]}」（演示数据为「${LEAD_STAGE_LABELS[def.stage]}」）：保持原样`);
    }
    if (!row || before !== lead.stage) {
      const team = this.teamName(lead.teamId);
      const how = lead.stage === LeadStage.Signed && def.signing
        ? `已签约（${AGREEMENT_TYPE_LABELS[def.signing.agreementType]} ${def.signing.amount} 万元，${def.signing.signedOn}${def.signing.atEvent ? ` ${DEMO_SIGNING_EVENT.name}` : ''}）`
        : LEAD_STAGE_LABELS[lead.stage];
      log(`+ 线索 ${lead.title}（${team}）→ ${how}`);
    }
  }

  /**
   * Moves the lead along the pipeline to where the demo data has it, one stage at a time, so
   * its history shows each step. A lead found part-way (an interrupted run: never moved back
   * or aside) is carried on; one a user has moved elsewhere is left as it is.
   */
  private async advance(def: DemoLead, lead: SeededLead, enterprise: LiveEnterprise, eventId: string): Promise<void> {
    const last = def.stage === LeadStage.Signed ? LeadStage.Negotiating : OPEN_STAGES.includes(def.stage) ? def.stage : (def.reached ?? LeadStage.Lead);
    const path = PIPELINE.slice(0, pipelineOrdinal(last) + 1);
    const resumable = OPEN_STAGES.includes(lead.stage) && lead.furthest === pipelineOrdinal(lead.stage) && path.includes(lead.stage);
    if (!resumable || lead.teamId !== this.teamOf(def.owner)) return;
    const writer = this.writer(def.owner);
    const leads = this.app.get(LeadsService);
    const move = async (to: LeadStage, reason?: string) => {
      const view = await attempt(`线索「${lead.title}」变更为「${LEAD_STAGE_LABELS[to]}」`, async () =>
        leads.transition(writer.actor, lead.id, await validate(TransitionDto, reason ? { to, reason } : { to })),
      );
      lead.stage = view.stage;
      this.ctx.counts.leadTransitions.created++;
    };
    for (const to of path.slice(path.indexOf(lead.stage) + 1)) await move(to);
    if (def.stage === LeadStage.OnHold || def.stage === LeadStage.Lost) await move(def.stage, def.reason);
    if (def.stage === LeadStage.Signed && def.signing) {
      const s = def.signing;
      const dto = {
        agreementType: s.agreementType,
        amount: s.amount,
        signedOn: s.signedOn,
        signingEventId: s.atEvent ? eventId : null,
        parties: `${this.region(def.county).name}人民政府；${enterprise.name}`,
      };
      await attempt(`登记签约「${lead.title}」`, async () => this.app.get(SigningsService).create(writer.actor, lead.id, await validate(CreateSigningDto, dto)));
      lead.stage = LeadStage.Signed;
      lead.signed = true;
      this.ctx.counts.signings.created++;
      this.ctx.counts.leadTransitions.created++; // signing moves the lead to 已签约
    }
  }

  // -- dating the leads ------------------------------------------------------------------------

  /**
   * The services date what they write now; a demo lead registered by this run gets the dates
   * its story has (demo-timeline.ts): its registration, each stage move (and the days spent in
   * the stage it left, which the funnel's medians read), its stage's start and, when signed,
   * the signing's record time. Leads found from an earlier run keep their dates, so a second
   * run writes nothing. Amounts and stages do not change: the trigger-kept pipeline totals
   * stay as they are; the counted figures are recomputed after the seed.
   */
  private async backdate(): Promise<void> {
    if (this.registered.size === 0) return;
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const leads: Array<{ id: string; created_at: string; entered_at: string }> = [];
    const moves: Array<{ lead_id: string; to_stage: LeadStage | null; at: string; days: string | null }> = [];
    for (const [id, def] of this.registered) {
      const t = demoLeadTimeline(def, this.today, now);
      const last = t.moves[t.moves.length - 1]?.at ?? t.createdAt;
      leads.push({ id, created_at: iso(t.createdAt), entered_at: iso(last) });
      moves.push({ lead_id: id, to_stage: null, at: iso(t.createdAt), days: null });
      let previous = t.createdAt;
      for (const m of t.moves) {
        moves.push({ lead_id: id, to_stage: m.to, at: iso(m.at), days: ((m.at - previous) / DAY_MS).toFixed(3) });
        previous = m.at;
      }
    }
    await this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE leads l SET created_at = x.created_at, stage_entered_at = x.entered_at, updated_at = x.entered_at
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, created_at timestamptz, entered_at timestamptz) WHERE l.id = x.id`,
        [JSON.stringify(leads)],
      );
      // The registration is the change without a from-stage; each move is the lead's one change into its stage.
      await em.query(
        `UPDATE lead_stage_changes sc SET at = x.at, days_in_from_stage = x.days
           FROM jsonb_to_recordset($1::jsonb) AS x(lead_id uuid, to_stage lead_stage, at timestamptz, days numeric)
          WHERE sc.lead_id = x.lead_id AND (CASE WHEN x.to_stage IS NULL THEN sc.from_stage IS NULL ELSE sc.from_stage IS NOT NULL AND sc.to_stage = x.to_stage END)`,
        [JSON.stringify(moves)],
      );
      await em.query(
        `UPDATE signings s SET created_at = l.stage_entered_at
           FROM leads l WHERE l.id = s.lead_id AND l.id = ANY($1) AND s.kind = 'initial'`,
        [[...this.registered.keys()].filter((id) => this.registered.get(id)?.signing)],
      );
    });
  }

  // -- the interaction log ------------------------------------------------------------------

  private async ensureInteractions(eventId: string): Promise<void> {
    const event = (await this.ds.getRepository(SigningEvent).findOneBy({ id: eventId })) as SigningEvent;
    const entries = [...DEMO_INTERACTIONS, ...this.conferenceEntries(event), ...this.afterCareEntries()]
      .map((def) => ({ def, occurredAt: this.occurredAt(def.on) }))
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    const ids = [...this.enterprises.values()].map((e) => e.id);
    const have: Array<{ enterprise_id: string; team_id: string; summary: string }> = await this.ds.query(
      'SELECT enterprise_id, team_id, summary FROM interactions WHERE enterprise_id = ANY($1)', // deleted ones too: a deletion stands
      [ids],
    );
    const existing = new Set(have.map((h) => `${h.enterprise_id}/${h.team_id}/${h.summary}`));
    const service = this.app.get(InteractionsService);
    // One (enterprise, team) at a time in date order — a team's later record closes the
    // follow-up its earlier one set — and different ones side by side.
    const groups = new Map<string, typeof entries>();
    for (const entry of entries) {
      const key = `${entry.def.enterprise}/${this.teamOf(entry.def.by)}`;
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    await this.each([...groups.values()], async (group, log) => {
      for (const { def, occurredAt } of group) await this.ensureInteraction(service, def, occurredAt, existing, log);
    });
  }

  private async ensureInteraction(service: InteractionsService, def: DemoInteraction, occurredAt: string, existing: Set<string>, log: (line: string) => void): Promise<void> {
    const enterprise = this.enterprises.get(def.enterprise);
    if (!enterprise) {
      this.assertKnownEnterprise(def.enterprise, def.summary);
      return;
    }
    const teamId = this.teamOf(def.by);
    if (existing.has(`${enterprise.id}/${teamId}/${def.summary}`)) {
      this.ctx.counts.interactions.existing++;
      return;
    }
    const writer = this.writer(def.by);
    const participantIds = [writer.actor.id];
    for (const username of def.with ?? []) {
      const user = this.ctx.users.get(username);
      if (user?.isActive) participantIds.push(user.id);
      else this.ctx.warn(`对接记录「${def.summary.slice(0, 20)}…」：走访人员 ${username} 已停用，未列入`);
    }
    const contactIds = (def.met ?? []).flatMap((name) => {
      const id = enterprise.contacts.get(name);
      if (!id) this.ctx.warn(`对接记录「${def.summary.slice(0, 20)}…」：${def.enterprise}的联系人 ${name} 不存在或已删除，未列入`);
      return id ? [id] : [];
    });
    const dto = {
      enterpriseId: enterprise.id,
      teamId,
      type: def.type,
      occurredAt,
      location: def.location ?? null,
      summary: def.summary,
      outcome: def.outcome ?? null,
      nextFollowUpAt: def.followUp === undefined ? null : this.addDays(def.followUp),
      participantIds: [...new Set(participantIds)],
      contactIds,
    };
    await attempt(`记录对接「${def.enterprise} ${occurredAt}」`, async () => service.create(writer.actor, await validate(CreateInteractionDto, dto)));
    this.ctx.counts.interactions.created++;
    const followUp = dto.nextFollowUpAt ? `，下次跟进 ${dto.nextFollowUpAt}` : '';
    log(`+ 对接 ${occurredAt.slice(0, 10)} ${INTERACTION_TYPE_LABELS[def.type]} ${def.enterprise}（${writer.actor.displayName}${followUp}）`);
  }

  /** Each conference signing as its team logged it: a 签约活动 entry on the day. */
  private conferenceEntries(event: SigningEvent): DemoInteraction[] {
    return DEMO_LEADS.flatMap((def) => {
      const lead = this.leads.get(def.title);
      if (!def.signing?.atEvent || !lead?.signed) return [];
      const met = this.enterprises.get(def.enterprise)?.firstContact;
      return [
        {
          enterprise: def.enterprise,
          by: def.owner,
          met: met ? [met] : [],
          type: InteractionType.SigningCeremony,
          on: `${event.heldOn}T09:30`,
          location: event.location ?? undefined,
          summary: `在${event.name}上通过视频连线签约「${def.title}」：${AGREEMENT_TYPE_LABELS[def.signing.agreementType]}，签约额 ${def.signing.amount} 万元。`,
          outcome: '项目转入落地服务，跟进公司注册和前期手续。',
        },
      ];
    });
  }

  /** The after-care visits and calls of each signed lead's team between the signing and the recent months (demo-timeline.ts). */
  private afterCareEntries(): DemoInteraction[] {
    return demoAfterCare(DEMO_LEADS, this.today).flatMap((a) => {
      const lead = this.leads.get(a.lead);
      const met = this.enterprises.get(a.enterprise)?.firstContact;
      if (!lead?.signed) return [];
      return [{ enterprise: a.enterprise, by: a.by, met: met ? [met] : [], type: a.type, on: a.on, location: a.type === InteractionType.Visit ? this.region(a.county).name : undefined, summary: a.summary }];
    });
  }

  // -- the lead collision ---------------------------------------------------------------------

  /** Team B opens a lead on the pair team A holds, is told who holds it, and asks to co-pursue. */
  private async ensureCollision(): Promise<void> {
    const c = DEMO_COLLISION;
    const holderDef = DEMO_LEADS.find((l) => l.title === c.holdingLead);
    if (!holderDef) throw new Error(`DEMO_COLLISION 引用的线索「${c.holdingLead}」不在 DEMO_LEADS 中`);
    const holder = this.leads.get(c.holdingLead);
    const enterprise = this.enterprises.get(holderDef.enterprise);
    if (!holder || !enterprise) return; // not registered: already warned
    const chain = this.reference(this.ctx.chains, holderDef.chain, c.holdingLead);
    const teamId = this.teamOf(c.by);
    const claims: unknown[] = await this.ds.query('SELECT 1 FROM lead_claims WHERE lead_id = $1 AND requesting_team_id = $2 LIMIT 1', [holder.id, teamId]);
    if (claims.length) {
      this.ctx.counts.leadClaims.existing++;
      return;
    }
    if (holder.stage === LeadStage.Lost) {
      this.ctx.warn(`线索「${holder.title}」已终止：不再演示撞单`);
      return;
    }
    const writer = this.writer(c.by);
    const target = this.ctx.regions.get(`${c.target.code}/${c.target.township}`) ?? this.region(c.target.code);
    const attemptDto = {
      title: c.attemptedTitle,
      enterpriseId: enterprise.id,
      teamId,
      industryChainId: chain.id,
      targetRegionUnitId: target.id,
      intendedAmount: c.intendedAmount,
      source: LeadSource.DoorToDoor,
    };
    const refusal = await attempt(`登记线索「${c.attemptedTitle}」`, async () => {
      try {
        await this.app.get(LeadsService).create(writer.actor, await validate(CreateLeadDto, attemptDto));
        return null;
      } catch (err) {
        if (err instanceof AppError && err.code === 'LEAD_COLLISION') return err;
        throw err;
      }
    });
    if (!refusal) {
      this.ctx.counts.leads.created++;
      this.ctx.warn(`「${c.attemptedTitle}」登记成功，没有撞单：「${holder.title}」已不在首报保护中`);
      return;
    }
    const dto = { enterpriseId: enterprise.id, industryChainId: chain.id, teamId, kind: c.kind, reason: c.reason };
    const claim = await attempt(`申请联合跟进「${holder.title}」`, async () => this.app.get(LeadClaimsService).create(writer.actor, await validate(CreateLeadClaimDto, dto)));
    this.ctx.counts.leadClaims.created++;
    this.ctx.log(`+ 撞单 ${claim.requestingTeam.name}登记「${c.attemptedTitle}」被拒（${refusal.code}：${claim.holdingTeamName}已首报）→ 申请联合跟进，待裁定`);
  }

  // -- summary ----------------------------------------------------------------------------------

  private async summary(eventId: string): Promise<PipelineSummary> {
    const view = await this.app.get(SigningEventsService).get(eventId);
    const exact = view.totalAmount === DEMO_SIGNING_EVENT.totalAmount && view.projectCount === DEMO_SIGNING_EVENT.projectCount;
    if (!exact) {
      this.ctx.warn(
        `「${view.name}」现有 ${view.projectCount} 个项目、${view.totalAmount} 万元（演示数据为 ${DEMO_SIGNING_EVENT.projectCount} 个、${DEMO_SIGNING_EVENT.totalAmount} 万元）：保持原样`,
      );
    }
    const ids = [...this.leads.values()].map((l) => l.id);
    const byStage: Array<{ stage: LeadStage; n: number }> = await this.ds.query(
      'SELECT stage, count(*)::int AS n FROM leads WHERE id = ANY($1) AND deleted_at IS NULL GROUP BY stage',
      [ids],
    );
    const enterpriseIds = [...this.enterprises.values()].map((e) => e.id);
    const [open] = (await this.ds.query(
      'SELECT count(*)::int AS n FROM interactions WHERE enterprise_id = ANY($1) AND deleted_at IS NULL AND follow_up_done_at IS NULL AND next_follow_up_at >= $2',
      [enterpriseIds, startOfBusinessDay()],
    )) as Array<{ n: number }>;
    return {
      event: { name: view.name, heldOn: view.heldOn, isOnline: view.isOnline, projectCount: view.projectCount, totalAmount: view.totalAmount, totalAmountYi: view.totalAmountYi, exact },
      stages: [...PIPELINE, LeadStage.OnHold, LeadStage.Lost].map((stage) => ({ stage, label: LEAD_STAGE_LABELS[stage], count: byStage.find((s) => s.stage === stage)?.n ?? 0 })),
      openFollowUps: open?.n ?? 0,
    };
  }

  /** Runs `work` over the items {@link CONCURRENCY} at a time, their log lines in the items' order (see {@link forEachConcurrently}). */
  private async each<T>(items: readonly T[], work: (item: T, log: (line: string) => void) => Promise<void>): Promise<void> {
    await forEachConcurrently(items, CONCURRENCY, work, this.ctx.log);
  }

  // -- lookups ----------------------------------------------------------------------------------

  /** The team a demo member's records are kept for. */
  private teamOf(username: string): string {
    const account = DEMO_ACCOUNTS.find((a) => a.username === username);
    if (!account?.team) throw new Error(`演示数据引用的 ${username} 不是演示队员`);
    const teamId = this.ctx.teams.get(account.team);
    if (!teamId) throw new Error(`演示招商队「${account.team}」不存在`);
    return teamId;
  }

  private teamName(teamId: string): string {
    return [...this.ctx.teams].find(([, id]) => id === teamId)?.[0] ?? teamId;
  }

  /**
   * Who writes a demo member's record: the member, if still active and on the team; else a
   * teammate who is (the leader first); else the seeding admin. Asked only when writing, so a
   * run that finds everything warns of nothing.
   */
  private writer(username: string): Writer {
    const cached = this.writers.get(username);
    if (cached) return cached;
    const teamId = this.teamOf(username);
    const account = DEMO_ACCOUNTS.find((a) => a.username === username) as (typeof DEMO_ACCOUNTS)[number];
    const teammates = DEMO_ACCOUNTS.filter((a) => a.team === account.team && a !== account).sort((a, b) => Number(b.leadsTeam ?? false) - Number(a.leadsTeam ?? false));
    let writer: Writer | undefined;
    for (const candidate of [account, ...teammates]) {
      const user = this.ctx.users.get(candidate.username);
      if (!user?.isActive || !this.memberships.has(`${teamId}/${user.id}`)) continue;
      if (candidate !== account) this.ctx.warn(`用户 ${username} 已停用或已不在「${account.team}」：其演示记录由 ${user.username} 代为登记`);
      writer = { actor: { id: user.id, username: user.username, displayName: user.displayName, role: user.role }, teamId };
      break;
    }
    if (!writer) {
      this.ctx.warn(`「${account.team}」已没有在职的演示队员：其演示记录由 ${this.ctx.admin.username} 代为登记`);
      writer = { actor: this.ctx.admin, teamId };
    }
    this.writers.set(username, writer);
    return writer;
  }

  private reference(items: ReadonlyMap<string, ReferenceItem>, name: string, where: string): ReferenceItem {
    const item = items.get(name);
    if (!item) throw new Error(`「${where}」引用的「${name}」不在 config/tongliao 的基础数据中`);
    return item;
  }

  private region(code: string): RegionUnit {
    const unit = this.ctx.regions.get(code);
    if (!unit) throw new Error(`演示数据引用的区域 ${code} 不在 config/tongliao/regions.json 中`);
    return unit;
  }

  /** A typo in the demo data is a bug; an enterprise left out on purpose was already warned about. */
  private assertKnownEnterprise(shortName: string, where: string): void {
    if (!this.ctx.enterprises.some((e) => e.shortName === shortName)) throw new Error(`「${where}」引用的企业「${shortName}」不在 enterprises.json 中`);
  }

  /** `YYYY-MM-DD` that many days from the run's date. */
  private addDays(days: number): string {
    return new Date(Date.parse(`${this.today}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  }

  /** A demo date as the API takes it: Beijing time, 10:00 unless the data says when. */
  private occurredAt(on: string | number): string {
    const value = typeof on === 'number' ? this.addDays(-on) : on;
    return value.includes('T') ? value : `${value}T10:00`;
  }
}
