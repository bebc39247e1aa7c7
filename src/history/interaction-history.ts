import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { businessDate, parseBusinessInstant } from '../common/time/business-time';
import { InteractionType } from '../interactions/entities/interaction.entity';
import { INTERACTION_SHEET_COLUMNS, InteractionSheetKey } from '../interactions/interaction-sheet';
import { HistoricalInteraction, InteractionsService } from '../interactions/interactions.service';
import { HistoryDirectoryReadModel, StoredInteraction } from './history-directory.read-model';
import { HistoryRowReader, HistoryRowSpec, NameResolver, RowRefused, sameIds } from './history-import.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How people separate names in one cell. */
const NAME_SEPARATORS = /[、,，;；/\s]+/;

/**
 * 走访记录 rows of a city's history. A row with 记录编号 is that record; without, the record of
 * the same enterprise, team, kind, day and content (by digest) — a row that says what the record
 * already is changes nothing, one that says otherwise is refused (history comes in; records are
 * edited on their own page). A new row becomes a record through InteractionsService.importHistorical,
 * which schedules no reminder for a follow-up already past.
 */
@Injectable()
export class InteractionHistorySpec implements HistoryRowSpec<InteractionSheetKey> {
  readonly columns = INTERACTION_SHEET_COLUMNS;
  readonly fieldColumns: Record<string, InteractionSheetKey> = {
    enterpriseId: 'enterprise',
    occurredAt: 'occurredOn',
    nextFollowUpAt: 'nextFollowUpOn',
    authorId: 'author',
    participantIds: 'participants',
    contactIds: 'contacts',
  };

  constructor(
    private readonly interactions: InteractionsService,
    private readonly directory: HistoryDirectoryReadModel,
  ) {}

  async importRow(em: EntityManager, actor: AuthUser, row: HistoryRowReader<InteractionSheetKey>, names: NameResolver): Promise<'created' | 'unchanged'> {
    const today = businessDate(new Date());
    const id = row.text('id');
    if (id && !UUID.test(id)) row.issue('id', `记录编号「${id}」不是系统的记录编号（新记录请留空）`);
    const occurredOn = row.text('occurredOn') as string;
    if (occurredOn > today) row.issue('occurredOn', `${row.header('occurredOn')}「${occurredOn}」晚于今天`);
    const enterpriseId = await names.enterprise(row, 'enterprise', 'creditCode');
    const type = row.text('type') as InteractionType;
    const teamId = await names.team(row, 'team');
    const authorId = await names.user(row, 'author', '记录人');
    const participantIds: string[] = [];
    for (const name of (row.text('participants') ?? '').split(NAME_SEPARATORS).filter(Boolean)) {
      const userId = await names.user(row, 'participants', '走访人员', name);
      if (userId && !participantIds.includes(userId)) participantIds.push(userId);
    }
    const contactIds: string[] = [];
    for (const name of enterpriseId ? (row.text('contacts') ?? '').split(NAME_SEPARATORS).filter(Boolean) : []) {
      const contactId = await names.contact(row, 'contacts', enterpriseId as string, name);
      if (contactId && !contactIds.includes(contactId)) contactIds.push(contactId);
    }
    const location = row.text('location');
    const summary = row.text('summary') as string;
    const outcome = row.text('outcome');
    const nextFollowUpOn = row.text('nextFollowUpOn');
    if (row.issues.length) throw new RowRefused();
    const input: HistoricalInteraction = {
      enterpriseId: enterpriseId as string,
      teamId: teamId as string,
      authorId: authorId as string,
      type,
      occurredAt: parseBusinessInstant(occurredOn),
      location,
      summary,
      outcome,
      nextFollowUpAt: nextFollowUpOn ? parseBusinessInstant(nextFollowUpOn) : null,
      // Who went: the author alone when the sheet names nobody, as a new record defaults to its writer.
      participantIds: participantIds.length ? participantIds : [authorId as string],
      contactIds,
    };
    const existing = id
      ? await this.directory.interaction(em, id)
      : await this.directory.interactionByKey(em, { enterpriseId: input.enterpriseId, teamId: input.teamId, type: input.type, occurredOn, summary: input.summary });
    if (id && !existing) {
      row.issue('id', `记录编号「${id}」不存在或已删除（新记录请留空）`);
      throw new RowRefused();
    }
    if (existing) {
      const differs = differences(existing, input, occurredOn, nextFollowUpOn, row);
      if (differs.length) {
        row.issue(undefined, `与系统中的走访记录（编号 ${existing.id}）不一致：${differs.join('、')}。导入只新增历史记录，已有记录请在系统中修改`);
        throw new RowRefused();
      }
      return 'unchanged';
    }
    row.refuseIfNotNew();
    await this.interactions.importHistorical(em, actor, input);
    return 'created';
  }
}

/** The columns (by header) where the row says something else than the record; columns the file lacks are not compared. */
function differences(i: StoredInteraction, r: HistoricalInteraction, occurredOn: string, nextFollowUpOn: string | null, row: HistoryRowReader<InteractionSheetKey>): string[] {
  const checks: Array<[InteractionSheetKey, boolean]> = [
    ['occurredOn', i.occurred_on === occurredOn],
    ['enterprise', i.enterprise_id === r.enterpriseId],
    ['type', i.type === r.type],
    ['team', i.team_id === r.teamId],
    ['author', i.author_id === r.authorId],
    ['participants', sameIds(i.participant_ids, r.participantIds)],
    ['contacts', sameIds(i.contact_ids, r.contactIds)],
    ['location', (i.location?.trim() || null) === r.location],
    ['summary', i.summary.trim() === r.summary],
    ['outcome', (i.outcome?.trim() || null) === r.outcome],
    ['nextFollowUpOn', i.next_follow_up_on === nextFollowUpOn],
  ];
  return checks.filter(([key, same]) => row.has(key) && !same).map(([key]) => `「${row.header(key)}」`);
}
