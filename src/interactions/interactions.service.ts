import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { mapPage, Page } from '../common/pagination/page';
import { parseBusinessInstant, startOfBusinessDay } from '../common/time/business-time';
import { ContactsService } from '../enterprises/contacts.service';
import { EnterpriseMergeRegistry } from '../enterprises/enterprise-merge.registry';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { AccessRepository } from '../access/access.repository';
import { UsersService } from '../users/users.service';
import { JobName } from '../queue/jobs';
import { OutboxService } from '../queue/outbox.service';
import { CreateInteractionDto, InteractionQuery, InteractionView, PostponeFollowUpDto, toInteractionView, UpdateInteractionDto } from './dto/interaction.dto';
import { EnterpriseContact } from '../enterprises/entities/enterprise-contact.entity';
import { Interaction, InteractionType } from './entities/interaction.entity';
import { FollowUpStateRow, InteractionViewRow, InteractionViewsReadModel } from './interaction-views.read-model';
import { escalationJobId, followUpJobId, reminderTime } from './follow-up-jobs';
import { interactionErrors } from './interactions.errors';
import { InteractionsRepository } from './interactions.repository';
import { User } from '../users/entities/user.entity';

/** What a follow-up reminder needs to know whether it still applies, and what it says. */
export interface FollowUpState {
  id: string;
  teamId: string;
  authorId: string;
  enterpriseName: string;
  summary: string;
  nextFollowUpAt: Date | null;
  open: boolean;
  version: number;
  participantIds: string[];
}

/** An interaction of a city's earlier spreadsheets, resolved to ids (see InteractionsService.importHistorical). */
export interface HistoricalInteraction {
  enterpriseId: string;
  teamId: string;
  authorId: string;
  type: InteractionType;
  occurredAt: Date;
  location: string | null;
  summary: string;
  outcome: string | null;
  nextFollowUpAt: Date | null;
  participantIds: string[];
  /** Whom they met: contacts of the enterprise. */
  contactIds: string[];
}

/** The interaction log (对接记录): visible by team scope, editable by its author or a manager above. */
@Injectable()
export class InteractionsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: AccessRepository,
    private readonly users: UsersService,
    private readonly enterprises: EnterprisesService,
    private readonly contacts: ContactsService,
    private readonly mergeRegistry: EnterpriseMergeRegistry,
    private readonly outbox: OutboxService,
    private readonly repo: InteractionsRepository,
    private readonly readModel: InteractionViewsReadModel,
  ) {}

  onModuleInit(): void {
    this.mergeRegistry.register('interactions', async (em, fromId, intoId) => {
      await em.getRepository(Interaction).update({ enterpriseId: fromId }, { enterpriseId: intoId });
    });
  }

  async list(actor: AuthUser, query: InteractionQuery): Promise<Page<InteractionView>> {
    const qb = this.repo.filtered(actor, query);
    const page = await this.readModel.page(qb, query);
    return mapPage(page, page.items.map(toInteractionView));
  }

  /**
   * The list's interactions (the caller's scope, the list's filters) as their view rows, oldest
   * first, in batches of `size`: what the export writes.
   */
  async *exportRows(actor: AuthUser, query: InteractionQuery, size: number): AsyncGenerator<InteractionViewRow[]> {
    let after: { occurredAt: Date; id: string } | null = null;
    for (;;) {
      const keys = await this.repo.exportBatch(actor, query, after, size);
      if (keys.length === 0) return;
      const rows = await this.readModel.rows(keys.map((k) => k.id));
      const byId = new Map(rows.map((r) => [r.id, r]));
      yield keys.map((k) => byId.get(k.id) as InteractionViewRow);
      if (keys.length < size) return;
      after = keys[keys.length - 1] as { occurredAt: Date; id: string };
    }
  }

  async get(actor: AuthUser, id: string): Promise<InteractionView> {
    const interaction = await this.findVisible(this.dataSource.manager, actor, id);
    return (await this.views([interaction]))[0] as InteractionView;
  }

  async create(actor: AuthUser, dto: CreateInteractionDto): Promise<InteractionView> {
    const id = await this.dataSource.transaction(async (em) => {
      await this.enterprises.findLive(dto.enterpriseId, em);
      const teamId = await this.scope.writableTeam(actor, dto.teamId);
      const occurredAt = parseBusinessInstant(dto.occurredAt);
      const nextFollowUpAt = dto.nextFollowUpAt ? parseBusinessInstant(dto.nextFollowUpAt) : null;
      checkDates(occurredAt, nextFollowUpAt);
      const participants = await this.participants(em, teamId, dto.participantIds ?? [actor.id]);
      const contactIds = dto.contactIds ?? [];
      await this.contacts.assertBelong(em, dto.enterpriseId, contactIds, 'contactIds');
      const repo = em.getRepository(Interaction);
      const interaction = repo.create({
        enterpriseId: dto.enterpriseId,
        teamId,
        authorId: actor.id,
        type: dto.type,
        occurredAt,
        location: dto.location ?? null,
        summary: dto.summary,
        outcome: dto.outcome ?? null,
        nextFollowUpAt,
        participants,
        contacts: contactIds.map((cid) => ({ id: cid }) as EnterpriseContact),
      });
      await repo.save(interaction);
      // Logging a new contact with the company is the follow-up the team's earlier records asked for.
      const closed = await this.repo.closeEarlierFollowUps(em, dto.enterpriseId, teamId, interaction.id, occurredAt);
      for (const c of closed) await this.rescheduleFollowUp(em, c);
      await this.rescheduleFollowUp(em, interaction.id);
      await this.audit.record(em, actor, { action: 'create', entity: 'interaction', entityId: interaction.id, after: auditSnapshot(interaction) });
      return interaction.id;
    });
    return this.get(actor, id);
  }

  /**
   * Records an interaction from a city's earlier spreadsheets (history import), in the caller's
   * transaction, under the rules a new record meets: a live enterprise, a date not in the future,
   * a follow-up not before the visit, author and participants who see the team. History differs
   * in one thing: a follow-up dated before today is over — it is recorded as done at the import,
   * and no reminder or escalation is scheduled for it; one still ahead is scheduled as any other.
   * The later contact closes the team's earlier open follow-ups with the company, as a new record does.
   */
  async importHistorical(em: EntityManager, actor: AuthUser, input: HistoricalInteraction): Promise<string> {
    await this.enterprises.findLive(input.enterpriseId, em);
    checkDates(input.occurredAt, input.nextFollowUpAt, { history: true });
    const [author] = await this.participants(em, input.teamId, [input.authorId], [], 'authorId');
    const participants = await this.participants(em, input.teamId, input.participantIds);
    await this.contacts.assertBelong(em, input.enterpriseId, input.contactIds, 'contactIds');
    const pastFollowUp = input.nextFollowUpAt !== null && input.nextFollowUpAt < startOfBusinessDay();
    const repo = em.getRepository(Interaction);
    const interaction = repo.create({
      enterpriseId: input.enterpriseId,
      teamId: input.teamId,
      authorId: (author as User).id,
      type: input.type,
      occurredAt: input.occurredAt,
      location: input.location,
      summary: input.summary,
      outcome: input.outcome,
      nextFollowUpAt: input.nextFollowUpAt,
      followUpDoneAt: pastFollowUp ? new Date() : null,
      participants,
      contacts: input.contactIds.map((cid) => ({ id: cid }) as EnterpriseContact),
    });
    await repo.save(interaction);
    const closed = await this.repo.closeEarlierFollowUps(em, input.enterpriseId, input.teamId, interaction.id, input.occurredAt);
    for (const c of closed) await this.rescheduleFollowUp(em, c);
    if (input.nextFollowUpAt && !pastFollowUp) await this.rescheduleFollowUp(em, interaction.id);
    await this.audit.record(em, actor, { action: 'import', entity: 'interaction', entityId: interaction.id, after: auditSnapshot(interaction) });
    return interaction.id;
  }

  async update(actor: AuthUser, id: string, dto: UpdateInteractionDto): Promise<InteractionView> {
    await this.dataSource.transaction(async (em) => {
      const interaction = await this.findEditable(em, actor, id);
      const before = auditSnapshot(interaction);
      if (dto.type !== undefined) interaction.type = dto.type;
      if (dto.occurredAt !== undefined) interaction.occurredAt = parseBusinessInstant(dto.occurredAt);
      if (dto.location !== undefined) interaction.location = dto.location;
      if (dto.summary !== undefined) interaction.summary = dto.summary;
      if (dto.outcome !== undefined) interaction.outcome = dto.outcome;
      if (dto.nextFollowUpAt !== undefined) {
        interaction.nextFollowUpAt = dto.nextFollowUpAt ? parseBusinessInstant(dto.nextFollowUpAt) : null;
        interaction.followUpDoneAt = null; // a new date is a new follow-up to do
      }
      if (dto.occurredAt !== undefined || dto.nextFollowUpAt !== undefined) {
        checkDates(interaction.occurredAt, dto.nextFollowUpAt !== undefined ? interaction.nextFollowUpAt : null);
      }
      if (dto.participantIds !== undefined) {
        const recorded = (interaction.participants ?? []).map((p) => p.id);
        interaction.participants = await this.participants(em, interaction.teamId, dto.participantIds, recorded);
      }
      if (dto.contactIds !== undefined) {
        await this.contacts.assertBelong(em, interaction.enterpriseId, dto.contactIds, 'contactIds');
        interaction.contacts = dto.contactIds.map((cid) => ({ id: cid }) as EnterpriseContact);
      }
      await em.getRepository(Interaction).save(interaction);
      if (dto.nextFollowUpAt !== undefined) await this.rescheduleFollowUp(em, id);
      await this.audit.record(em, actor, { action: 'update', entity: 'interaction', entityId: id, before, after: auditSnapshot(interaction) });
    });
    return this.get(actor, id);
  }

  /** Marks the follow-up done without logging a new interaction (e.g. the company cancelled). */
  async completeFollowUp(actor: AuthUser, id: string): Promise<InteractionView> {
    await this.dataSource.transaction(async (em) => {
      const interaction = await this.findEditable(em, actor, id, { participants: true });
      if (interaction.nextFollowUpAt && !interaction.followUpDoneAt) {
        await em.getRepository(Interaction).update({ id }, { followUpDoneAt: new Date() });
        await this.rescheduleFollowUp(em, id);
        await this.audit.record(em, actor, { action: 'complete-follow-up', entity: 'interaction', entityId: id, before: { followUpDoneAt: null }, after: { followUpDoneAt: new Date() } });
      }
    });
    return this.get(actor, id);
  }

  /**
   * 推迟: moves an open follow-up to another day (not before today, nor before the interaction);
   * its reminder moves with it.
   */
  async postponeFollowUp(actor: AuthUser, id: string, dto: PostponeFollowUpDto): Promise<InteractionView> {
    await this.dataSource.transaction(async (em) => {
      const interaction = await this.findEditable(em, actor, id, { participants: true });
      if (!interaction.nextFollowUpAt || interaction.followUpDoneAt) throw interactionErrors('FOLLOW_UP_NOT_OPEN');
      const next = parseBusinessInstant(dto.nextFollowUpAt);
      checkDates(interaction.occurredAt, next);
      const before = { nextFollowUpAt: interaction.nextFollowUpAt };
      await em.getRepository(Interaction).update({ id }, { nextFollowUpAt: next });
      await this.rescheduleFollowUp(em, id);
      await this.audit.record(em, actor, { action: 'postpone-follow-up', entity: 'interaction', entityId: id, before, after: { nextFollowUpAt: next } });
    });
    return this.get(actor, id);
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const interaction = await this.findEditable(em, actor, id);
      await em.getRepository(Interaction).softDelete({ id });
      await this.rescheduleFollowUp(em, id);
      await this.audit.record(em, actor, { action: 'delete', entity: 'interaction', entityId: id, before: auditSnapshot(interaction) });
    });
  }

  /**
   * Every change to a follow-up (new date, done, deleted) bumps its version and goes through
   * the outbox: the old version's jobs are removed and, if a follow-up is still open, a
   * reminder is scheduled under the new version's job id. A reminder that fires anyway for
   * an old version finds the versions differ and does nothing.
   */
  private async rescheduleFollowUp(em: EntityManager, id: string): Promise<void> {
    const row = await this.repo.bumpFollowUpVersion(em, id);
    if (!row) return;
    if (row.v > 1) {
      await this.outbox.remove(em, JobName.FollowUpDue, followUpJobId(id, row.v - 1));
      await this.outbox.remove(em, JobName.FollowUpEscalate, escalationJobId(id, row.v - 1));
    }
    if (row.due && !row.done && !row.deleted) {
      await this.outbox.add(em, JobName.FollowUpDue, { interactionId: id, version: row.v }, { jobId: followUpJobId(id, row.v), runAt: reminderTime(new Date(row.due)) });
    }
  }

  /** Open follow-ups (set, not done, not deleted) by id after `after`: what should have a reminder on its way. */
  openFollowUps(after: string, limit: number): Promise<Array<{ id: string; version: number; due: Date }>> {
    return this.repo.openFollowUps(after, limit);
  }

  /** What a follow-up reminder needs to know whether it still applies. */
  async followUpState(id: string): Promise<FollowUpState | null> {
    return (await this.followUpStates([id])).get(id.toLowerCase()) ?? null;
  }

  /** The follow-up states of many interactions in one read (a batch of reminders), by lower-case id; unknown ids are absent. */
  async followUpStates(ids: string[]): Promise<Map<string, FollowUpState>> {
    if (ids.length === 0) return new Map();
    const rows = await this.readModel.followUpStates([...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, this.toFollowUpState(r)]));
  }

  private toFollowUpState(r: FollowUpStateRow): FollowUpState {
    return {
      id: r.id,
      teamId: r.team_id,
      authorId: r.author_id,
      enterpriseName: r.name,
      summary: r.summary,
      nextFollowUpAt: r.next_follow_up_at,
      open: !!r.next_follow_up_at && !r.follow_up_done_at && !r.deleted_at,
      version: r.follow_up_version,
      participantIds: r.participants,
    };
  }

  private async findVisible(em: EntityManager, actor: AuthUser, id: string): Promise<Interaction> {
    const interaction = await this.repo.findVisible(em, actor, id);
    if (!interaction) throw notFound('interaction');
    return interaction;
  }

  /**
   * Visible (else 404) and the caller's to change (else 403): the author, or a manager/admin above
   * the team; for its follow-up (`participants`), also anyone recorded as having gone.
   */
  private async findEditable(em: EntityManager, actor: AuthUser, id: string, options: { participants?: boolean } = {}): Promise<Interaction> {
    const visible = await this.findVisible(em, actor, id);
    const allowed =
      visible.authorId === actor.id || (options.participants === true && (await this.repo.isParticipant(em, id, actor.id))) || (await this.scope.canManageTeam(actor, visible.teamId));
    if (!allowed) {
      throw interactionErrors('INTERACTION_EDIT_FORBIDDEN');
    }
    await this.repo.lockForUpdate(em, id);
    // withDeleted: a contact archived since keeps its place in the record (and a save must not drop it).
    return (await em.getRepository(Interaction).findOne({ where: { id }, relations: { participants: true, contacts: true }, withDeleted: true })) as Interaction;
  }

  /**
   * The participants of an interaction of team `teamId`: active users who may see the team's
   * work (AccessRepository.usersWhoSeeTeam) — its members and the managers above it; admins
   * too, since they see every team and do go on visits. Someone already recorded on the
   * interaction (`recorded`) may stay when it is edited, though they have left the team since:
   * the record says who went, then.
   */
  private async participants(em: EntityManager, teamId: string, ids: string[], recorded: string[] = [], field = 'participantIds'): Promise<User[]> {
    const found = await this.users.findActive(ids, em);
    if (found.length !== ids.length) {
      throw interactionErrors('INTERACTION_PARTICIPANT_INVALID', [{ field, message: '走访人员不存在或已停用' }]);
    }
    const allowed = await this.scope.usersWhoSeeTeam(teamId, ids, em);
    const outside = ids.flatMap((id, i) => (allowed.has(id) || recorded.includes(id) ? [] : [{ i, user: found.find((u) => u.id === id) as User }]));
    if (outside.length) {
      throw interactionErrors(
        'INTERACTION_PARTICIPANT_OUTSIDE_TEAM',
        outside.map(({ i, user }) => ({ field: `${field}[${i}]`, message: `${user.displayName} 不是本队队员，也不分管本队，不能作为走访人员` })),
      );
    }
    return found;
  }

  /**
   * The rows as the API shows them, in one statement: names joined, participants and contacts
   * as JSON arrays. Loading them as entities multiplied each interaction by participants ×
   * contacts and spent most of a page's 15 ms of CPU hydrating the copies. Archived contacts
   * and enterprises stay in view: the caller's query already chose the rows.
   */
  private async views(rows: Interaction[]): Promise<InteractionView[]> {
    if (rows.length === 0) return [];
    const found = await this.readModel.rows(rows.map((r) => r.id));
    const byId = new Map(found.map((f) => [f.id, f]));
    return rows.map((row) => toInteractionView(byId.get(row.id) as InteractionViewRow));
  }
}

/** The interaction happened (not in the future); its follow-up is after it and not in the past. */
function checkDates(occurredAt: Date, nextFollowUpAt: Date | null, options: { history?: boolean } = {}): void {
  if (Number.isNaN(occurredAt.getTime())) throw interactionErrors('OCCURRED_IN_FUTURE', [{ field: 'occurredAt', message: '日期无效' }], '对接日期无效');
  const tomorrow = new Date(startOfBusinessDay().getTime() + 86_400_000);
  if (occurredAt >= tomorrow) throw interactionErrors('OCCURRED_IN_FUTURE', [{ field: 'occurredAt', message: '对接日期不能晚于今天' }]);
  if (!nextFollowUpAt) return;
  // History keeps the follow-up dates it had; only a new record must look ahead.
  if (!options.history && nextFollowUpAt < startOfBusinessDay()) throw interactionErrors('FOLLOW_UP_IN_PAST', [{ field: 'nextFollowUpAt', message: '下次跟进日期不能早于今天' }]);
  if (nextFollowUpAt < occurredAt) {
    throw interactionErrors('FOLLOW_UP_BEFORE_INTERACTION', [{ field: 'nextFollowUpAt', message: '下次跟进日期不能早于本次对接日期' }]);
  }
}

function auditSnapshot(i: Interaction) {
  return {
    enterpriseId: i.enterpriseId,
    teamId: i.teamId,
    type: i.type,
    occurredAt: i.occurredAt,
    location: i.location,
    summary: i.summary,
    outcome: i.outcome,
    nextFollowUpAt: i.nextFollowUpAt,
    participantIds: (i.participants ?? []).map((p) => p.id).sort(),
    contactIds: (i.contacts ?? []).map((c) => c.id).sort(),
  };
}
