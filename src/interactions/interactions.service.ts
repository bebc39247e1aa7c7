import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { Page, paginate } from '../common/pagination/page';
import { parseBusinessInstant, startOfBusinessDay } from '../common/time/business-time';
import { ContactsService } from '../enterprises/contacts.service';
import { EnterpriseMergeRegistry } from '../enterprises/enterprise-merge.registry';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { AccessRepository } from '../access/access.repository';
import { UsersService } from '../users/users.service';
import { JobName } from '../queue/jobs';
import { OutboxService } from '../queue/outbox.service';
import { CreateInteractionDto, InteractionQuery, InteractionView, UpdateInteractionDto } from './dto/interaction.dto';
import { EnterpriseContact } from '../enterprises/entities/enterprise-contact.entity';
import { INTERACTION_TYPE_LABELS, Interaction } from './entities/interaction.entity';
import { escalationJobId, followUpJobId, reminderTime } from './follow-up-jobs';
import { interactionErrors } from './interactions.errors';
import { User } from '../users/entities/user.entity';

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
      // UPDATE … RETURNING comes back from TypeORM as [rows, count].
      const [closed]: [Array<{ id: string }>, number] = await em.query(
        `UPDATE interactions SET follow_up_done_at = now()
          WHERE enterprise_id = $1 AND team_id = $2 AND id <> $3 AND deleted_at IS NULL
            AND next_follow_up_at IS NOT NULL AND follow_up_done_at IS NULL AND occurred_at <= $4
          RETURNING id`,
        [dto.enterpriseId, teamId, interaction.id, occurredAt],
      );
      for (const c of closed) await this.rescheduleFollowUp(em, c.id);
      await this.rescheduleFollowUp(em, interaction.id);
      await this.audit.record(em, actor, { action: 'create', entity: 'interaction', entityId: interaction.id, after: auditSnapshot(interaction) });
      return interaction.id;
    });
    return this.get(actor, id);
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
      const interaction = await this.findEditable(em, actor, id);
      if (interaction.nextFollowUpAt && !interaction.followUpDoneAt) {
        await em.getRepository(Interaction).update({ id }, { followUpDoneAt: new Date() });
        await this.rescheduleFollowUp(em, id);
        await this.audit.record(em, actor, { action: 'complete-follow-up', entity: 'interaction', entityId: id, before: { followUpDoneAt: null }, after: { followUpDoneAt: new Date() } });
      }
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
    const [rows]: [Array<{ v: number; due: Date | null; done: Date | null; deleted: Date | null }>, number] = await em.query(
      `UPDATE interactions SET follow_up_version = follow_up_version + 1 WHERE id = $1
       RETURNING follow_up_version AS v, next_follow_up_at AS due, follow_up_done_at AS done, deleted_at AS deleted`,
      [id],
    );
    const row = rows[0];
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
  async openFollowUps(after: string, limit: number): Promise<Array<{ id: string; version: number; due: Date }>> {
    const rows: Array<{ id: string; follow_up_version: number; next_follow_up_at: Date }> = await this.dataSource.query(
      `SELECT id, follow_up_version, next_follow_up_at FROM interactions
        WHERE next_follow_up_at IS NOT NULL AND follow_up_done_at IS NULL AND deleted_at IS NULL AND id > $1
        ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => ({ id: r.id, version: r.follow_up_version, due: r.next_follow_up_at }));
  }

  /** What a follow-up reminder needs to know whether it still applies. */
  async followUpState(id: string): Promise<{ id: string; teamId: string; authorId: string; enterpriseName: string; summary: string; nextFollowUpAt: Date | null; open: boolean; version: number; participantIds: string[] } | null> {
    const rows: Array<{ id: string; team_id: string; author_id: string; name: string; summary: string; next_follow_up_at: Date | null; follow_up_done_at: Date | null; deleted_at: Date | null; follow_up_version: number; participants: string[] }> =
      await this.dataSource.query(
        `SELECT i.id, i.team_id, i.author_id, e.name, i.summary, i.next_follow_up_at, i.follow_up_done_at, i.deleted_at, i.follow_up_version,
                COALESCE(array_agg(p.user_id) FILTER (WHERE p.user_id IS NOT NULL), '{}') AS participants
           FROM interactions i JOIN enterprises e ON e.id = i.enterprise_id
           LEFT JOIN interaction_participants p ON p.interaction_id = i.id
          WHERE i.id = $1 GROUP BY i.id, e.name`,
        [id],
      );
    const r = rows[0];
    if (!r) return null;
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

  /**
   * The participants of an interaction of team `teamId`: active users who may see the team's
   * work (AccessRepository.usersWhoSeeTeam) — its members and the managers above it; admins
   * too, since they see every team and do go on visits. Someone already recorded on the
   * interaction (`recorded`) may stay when it is edited, though they have left the team since:
   * the record says who went, then.
   */
  private async participants(em: EntityManager, teamId: string, ids: string[], recorded: string[] = []): Promise<User[]> {
    const found = await this.users.findActive(ids, em);
    if (found.length !== ids.length) {
      throw interactionErrors('INTERACTION_PARTICIPANT_INVALID', [{ field: 'participantIds', message: '走访人员不存在或已停用' }]);
    }
    const allowed = await this.scope.usersWhoSeeTeam(teamId, ids, em);
    const outside = ids.flatMap((id, i) => (allowed.has(id) || recorded.includes(id) ? [] : [{ i, user: found.find((u) => u.id === id) as User }]));
    if (outside.length) {
      throw interactionErrors(
        'INTERACTION_PARTICIPANT_OUTSIDE_TEAM',
        outside.map(({ i, user }) => ({ field: `participantIds[${i}]`, message: `${user.displayName} 不是本队队员，也不分管本队，不能作为走访人员` })),
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
    const found: ViewRow[] = await this.dataSource.query(
      `SELECT i.id, i.type, i.occurred_at, i.location, i.summary, i.outcome, i.next_follow_up_at, i.follow_up_done_at, i.created_at, i.updated_at,
              i.enterprise_id, e.name AS enterprise_name, i.team_id, t.name AS team_name, i.author_id, a.display_name AS author_name,
              COALESCE((SELECT json_agg(json_build_object('id', u.id, 'name', u.display_name) ORDER BY u.display_name, u.id)
                          FROM interaction_participants ip JOIN users u ON u.id = ip.user_id WHERE ip.interaction_id = i.id), '[]') AS participants,
              COALESCE((SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'title', c.title) ORDER BY c.name, c.id)
                          FROM interaction_contacts ic JOIN enterprise_contacts c ON c.id = ic.contact_id WHERE ic.interaction_id = i.id), '[]') AS contacts
         FROM interactions i
         LEFT JOIN enterprises e ON e.id = i.enterprise_id
         LEFT JOIN teams t ON t.id = i.team_id
         LEFT JOIN users a ON a.id = i.author_id
        WHERE i.id = ANY($1)`,
      [rows.map((r) => r.id)],
    );
    const byId = new Map(found.map((f) => [f.id, f]));
    return rows.map((row) => {
      const i = byId.get(row.id) as ViewRow;
      return {
        id: i.id,
        enterprise: { id: i.enterprise_id, name: i.enterprise_name ?? '' },
        team: { id: i.team_id, name: i.team_name ?? '' },
        author: { id: i.author_id, name: i.author_name ?? '' },
        type: i.type,
        typeLabel: INTERACTION_TYPE_LABELS[i.type],
        occurredAt: i.occurred_at,
        location: i.location,
        summary: i.summary,
        outcome: i.outcome,
        nextFollowUpAt: i.next_follow_up_at,
        followUpDoneAt: i.follow_up_done_at,
        participants: i.participants,
        contacts: i.contacts,
        createdAt: i.created_at,
        updatedAt: i.updated_at,
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

interface ViewRow {
  id: string;
  type: Interaction['type'];
  occurred_at: Date;
  location: string | null;
  summary: string;
  outcome: string | null;
  next_follow_up_at: Date | null;
  follow_up_done_at: Date | null;
  created_at: Date;
  updated_at: Date;
  enterprise_id: string;
  enterprise_name: string | null;
  team_id: string;
  team_name: string | null;
  author_id: string;
  author_name: string | null;
  participants: Array<{ id: string; name: string }>;
  contacts: Array<{ id: string; name: string; title: string | null }>;
}
