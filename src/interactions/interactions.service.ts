import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { refuseNull } from '../common/errors/validation';
import { Page, paginate } from '../common/pagination/page';
import { parseBusinessInstant, startOfBusinessDay } from '../common/time/business-time';
import { ContactsService } from '../enterprises/contacts.service';
import { EnterpriseMergeRegistry } from '../enterprises/enterprise-merge.registry';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { TeamScopeService } from '../teams/team-scope.service';
import { UsersService } from '../users/users.service';
import { CreateInteractionDto, InteractionQuery, InteractionView, UpdateInteractionDto } from './dto/interaction.dto';
import { EnterpriseContact } from '../enterprises/entities/enterprise-contact.entity';
import { INTERACTION_TYPE_LABELS, Interaction } from './entities/interaction.entity';
import { interactionErrors } from './interactions.errors';
import { User } from '../users/entities/user.entity';

/** The interaction log (对接记录): visible by team scope, editable by its author or a manager above. */
@Injectable()
export class InteractionsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scope: TeamScopeService,
    private readonly users: UsersService,
    private readonly enterprises: EnterprisesService,
    private readonly contacts: ContactsService,
    private readonly mergeRegistry: EnterpriseMergeRegistry,
  ) {}

  onModuleInit(): void {
    this.mergeRegistry.register('interactions', async (em, fromId, intoId) => {
      await em.getRepository(Interaction).update({ enterpriseId: fromId }, { enterpriseId: intoId });
    });
  }

  async list(actor: AuthUser, query: InteractionQuery): Promise<Page<InteractionView>> {
    const qb = this.dataSource.getRepository(Interaction).createQueryBuilder('i');
    this.scope.restrict(qb, 'i.team_id', actor);
    if (query.enterpriseId) qb.andWhere('i.enterprise_id = :enterpriseId', { enterpriseId: query.enterpriseId });
    if (query.teamId) qb.andWhere('i.team_id = :teamId', { teamId: query.teamId });
    if (query.authorId) qb.andWhere('i.author_id = :authorId', { authorId: query.authorId });
    if (query.participantId) {
      qb.andWhere('EXISTS (SELECT 1 FROM interaction_participants p WHERE p.interaction_id = i.id AND p.user_id = :participantId)', {
        participantId: query.participantId,
      });
    }
    if (query.type) qb.andWhere('i.type = :type', { type: query.type });
    if (query.from) qb.andWhere('i.occurred_at >= :from', { from: parseBusinessInstant(query.from) });
    if (query.to) qb.andWhere('i.occurred_at < :to', { to: parseBusinessInstant(query.to) });
    if (query.followUpDueBefore) {
      qb.andWhere('i.next_follow_up_at < :due AND i.follow_up_done_at IS NULL', { due: parseBusinessInstant(query.followUpDueBefore) });
    }
    const page = await paginate(qb, query, { alias: 'i', property: 'occurredAt', column: 'occurred_at' });
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
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
      const participants = await this.participants(em, dto.participantIds ?? [actor.id]);
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
      await em
        .createQueryBuilder()
        .update(Interaction)
        .set({ followUpDoneAt: () => 'now()' })
        .where('enterprise_id = :e AND team_id = :t AND id <> :id', { e: dto.enterpriseId, t: teamId, id: interaction.id })
        .andWhere('next_follow_up_at IS NOT NULL AND follow_up_done_at IS NULL AND occurred_at <= :at', { at: occurredAt })
        .execute();
      await this.audit.record(em, actor, { action: 'create', entity: 'interaction', entityId: interaction.id, after: auditSnapshot(interaction) });
      return interaction.id;
    });
    return this.get(actor, id);
  }

  async update(actor: AuthUser, id: string, dto: UpdateInteractionDto): Promise<InteractionView> {
    refuseNull(dto, ['type', 'occurredAt', 'summary', 'participantIds', 'contactIds']);
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
      if (dto.participantIds !== undefined) interaction.participants = await this.participants(em, dto.participantIds);
      if (dto.contactIds !== undefined) {
        await this.contacts.assertBelong(em, interaction.enterpriseId, dto.contactIds, 'contactIds');
        interaction.contacts = dto.contactIds.map((cid) => ({ id: cid }) as EnterpriseContact);
      }
      await em.getRepository(Interaction).save(interaction);
      await this.audit.record(em, actor, { action: 'update', entity: 'interaction', entityId: id, before, after: auditSnapshot(interaction) });
    });
    return this.get(actor, id);
  }

  /** Marks the follow-up done without logging a new interaction (e.g. the company cancelled). */
  async completeFollowUp(actor: AuthUser, id: string): Promise<InteractionView> {
    await this.dataSource.transaction(async (em) => {
      const interaction = await this.findEditable(em, actor, id);
      if (interaction.nextFollowUpAt && !interaction.followUpDoneAt) {
        await em.getRepository(Interaction).update({ id }, { followUpDoneAt: new Date() });
        await this.audit.record(em, actor, { action: 'complete-follow-up', entity: 'interaction', entityId: id, before: { followUpDoneAt: null }, after: { followUpDoneAt: new Date() } });
      }
    });
    return this.get(actor, id);
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const interaction = await this.findEditable(em, actor, id);
      await em.getRepository(Interaction).softDelete({ id });
      await this.audit.record(em, actor, { action: 'delete', entity: 'interaction', entityId: id, before: auditSnapshot(interaction) });
    });
  }

  private async findVisible(em: EntityManager, actor: AuthUser, id: string): Promise<Interaction> {
    const qb = em.getRepository(Interaction).createQueryBuilder('i').where('i.id = :id', { id });
    this.scope.restrict(qb, 'i.team_id', actor);
    const interaction = await qb.getOne();
    if (!interaction) throw notFound('interaction');
    return interaction;
  }

  /** Visible (else 404) and the caller's to change (else 403): the author, or a manager/admin above the team. */
  private async findEditable(em: EntityManager, actor: AuthUser, id: string): Promise<Interaction> {
    const visible = await this.findVisible(em, actor, id);
    if (visible.authorId !== actor.id && !(await this.scope.canManageTeam(actor, visible.teamId))) {
      throw interactionErrors('INTERACTION_EDIT_FORBIDDEN');
    }
    await em.query('SELECT 1 FROM interactions WHERE id = $1 FOR UPDATE', [id]);
    // withDeleted: a contact archived since keeps its place in the record (and a save must not drop it).
    return (await em.getRepository(Interaction).findOne({ where: { id }, relations: { participants: true, contacts: true }, withDeleted: true })) as Interaction;
  }

  private async participants(em: EntityManager, ids: string[]): Promise<User[]> {
    const found = await this.users.findActive(ids, em);
    if (found.length !== ids.length) {
      throw interactionErrors('INTERACTION_PARTICIPANT_INVALID', [{ field: 'participantIds', message: '走访人员不存在或已停用' }]);
    }
    return found;
  }

  private async views(rows: Interaction[]): Promise<InteractionView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const full = await this.dataSource.getRepository(Interaction).find({
      where: { id: In(ids) },
      relations: { enterprise: true, team: true, author: true, participants: true, contacts: true },
      // The rows are live (the caller's query filtered them); this keeps archived contacts and enterprises in view.
      withDeleted: true,
    });
    const byId = new Map(full.map((f) => [f.id, f]));
    return rows.map((row) => {
      const i = byId.get(row.id) as Interaction;
      return {
        id: i.id,
        enterprise: { id: i.enterpriseId, name: i.enterprise?.name ?? '' },
        team: { id: i.teamId, name: i.team?.name ?? '' },
        author: { id: i.authorId, name: i.author?.displayName ?? '' },
        type: i.type,
        typeLabel: INTERACTION_TYPE_LABELS[i.type],
        occurredAt: i.occurredAt,
        location: i.location,
        summary: i.summary,
        outcome: i.outcome,
        nextFollowUpAt: i.nextFollowUpAt,
        followUpDoneAt: i.followUpDoneAt,
        participants: (i.participants ?? []).map((p) => ({ id: p.id, name: p.displayName })),
        contacts: (i.contacts ?? []).map((c) => ({ id: c.id, name: c.name, title: c.title })),
        createdAt: i.createdAt,
        updatedAt: i.updatedAt,
      };
    });
  }
}

/** The interaction happened (not in the future); its follow-up is after it and not in the past. */
function checkDates(occurredAt: Date, nextFollowUpAt: Date | null): void {
  if (Number.isNaN(occurredAt.getTime())) throw interactionErrors('OCCURRED_IN_FUTURE', [{ field: 'occurredAt', message: '日期无效' }], '对接日期无效');
  const tomorrow = new Date(startOfBusinessDay().getTime() + 86_400_000);
  if (occurredAt >= tomorrow) throw interactionErrors('OCCURRED_IN_FUTURE', [{ field: 'occurredAt', message: '对接日期不能晚于今天' }]);
  if (!nextFollowUpAt) return;
  if (nextFollowUpAt < startOfBusinessDay()) throw interactionErrors('FOLLOW_UP_IN_PAST', [{ field: 'nextFollowUpAt', message: '下次跟进日期不能早于今天' }]);
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
