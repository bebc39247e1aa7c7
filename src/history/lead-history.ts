import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { toUnits } from '../common/money/wan-yuan';
import { businessDate, parseBusinessInstant } from '../common/time/business-time';
import { LeadSource, LeadStage } from '../leads/entities/lead-stage';
import { LEAD_SHEET_COLUMNS, LeadSheetKey } from '../leads/lead-sheet';
import { HistoricalLead, LeadsService } from '../leads/leads.service';
import { HistoryDirectoryReadModel, StoredLead } from './history-directory.read-model';
import { HistoryRowReader, HistoryRowSpec, NameResolver, RowRefused, sameIds } from './history-import.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How people separate team names in one cell (not 「/」: it joins a region and a team). */
const TEAM_SEPARATORS = /[、,，;；\s]+/;

/**
 * 招商线索 rows of a city's history. A row with 线索编号 is that lead; without, the lead of the
 * same enterprise, team and title (the natural key) — either way a row that says what the lead
 * already is changes nothing (unchanged), and one that says otherwise is refused: the import
 * brings history in, it does not edit records (that is the lead's own page, with its rules and
 * its version). A new row becomes a lead through LeadsService.importHistorical.
 */
@Injectable()
export class LeadHistorySpec implements HistoryRowSpec<LeadSheetKey> {
  readonly columns = LEAD_SHEET_COLUMNS;
  readonly fieldColumns: Record<string, LeadSheetKey> = {
    title: 'title',
    enterpriseId: 'enterprise',
    ownerId: 'owner',
    industryChainId: 'industryChain',
    targetRegionUnitId: 'targetRegion',
    sourceRegionId: 'sourceRegion',
    stage: 'stage',
    sideStateReason: 'sideStateReason',
    coTeamIds: 'coTeams',
  };

  constructor(
    private readonly leads: LeadsService,
    private readonly directory: HistoryDirectoryReadModel,
  ) {}

  async importRow(em: EntityManager, actor: AuthUser, row: HistoryRowReader<LeadSheetKey>, names: NameResolver): Promise<'created' | 'unchanged'> {
    const today = businessDate(new Date());
    const id = row.text('id');
    if (id && !UUID.test(id)) row.issue('id', `线索编号「${id}」不是系统的线索编号（新线索请留空）`);
    const title = row.text('title') as string;
    if (Array.from(title).length < 2) row.issue('title', '线索名称至少 2 个字');
    const enterpriseId = await names.enterprise(row, 'enterprise', 'creditCode');
    const teamId = await names.team(row, 'team');
    const coTeamIds: string[] = [];
    for (const name of (row.text('coTeams') ?? '').split(TEAM_SEPARATORS).filter(Boolean)) {
      const coTeamId = await names.team(row, 'coTeams', name);
      if (coTeamId && !coTeamIds.includes(coTeamId)) coTeamIds.push(coTeamId);
    }
    const ownerId = await names.user(row, 'owner', '负责人');
    const industryChainId = await names.chain(row, 'industryChain');
    const targetRegionUnitId = await names.regionUnit(row, 'targetRegion');
    const sourceRegionId = await names.sourceRegion(row, 'sourceRegion');
    const intendedAmount = row.text('intendedAmount') ?? '0';
    const expectedSignDate = row.text('expectedSignDate');
    const source = row.text('source') as LeadSource;
    const isAnchor = row.yesNo('isAnchor') ?? false;
    const stage = row.text('stage') as LeadStage;
    const sideStateReason = row.text('sideStateReason');
    const registeredOn = row.text('registeredOn');
    if (registeredOn && registeredOn > today) row.issue('registeredOn', `登记日期「${registeredOn}」晚于今天`);
    const notes = row.text('notes');
    if (row.issues.length) throw new RowRefused();
    const input: HistoricalLead = {
      title,
      enterpriseId: enterpriseId as string,
      teamId: teamId as string,
      ownerId: ownerId as string,
      industryChainId: industryChainId as string,
      targetRegionUnitId,
      sourceRegionId,
      intendedAmount,
      expectedSignDate,
      source,
      isAnchor,
      notes,
      stage,
      sideStateReason,
      registeredAt: registeredOn ? parseBusinessInstant(registeredOn) : null,
      coTeamIds,
    };
    const existing = id ? await this.directory.lead(em, id) : await this.directory.leadByKey(em, input.enterpriseId, input.teamId, input.title);
    if (id && !existing) {
      row.issue('id', `线索编号「${id}」不存在或已删除（新线索请留空）`);
      throw new RowRefused();
    }
    if (existing) {
      const differs = this.differences(existing, input, registeredOn, row);
      if (differs.length) {
        row.issue(undefined, `与系统中的线索「${existing.title}」（编号 ${existing.id}）不一致：${differs.join('、')}。导入只新增历史线索，已有线索请在系统中修改`);
        throw new RowRefused();
      }
      return 'unchanged';
    }
    row.refuseIfNotNew();
    await this.leads.importHistorical(em, actor, input);
    return 'created';
  }

  /** The columns (by header) where the row says something else than the lead; columns the file lacks are not compared. */
  private differences(l: StoredLead, r: HistoricalLead, registeredOn: string | null, row: HistoryRowReader<LeadSheetKey>): string[] {
    const side = l.stage === LeadStage.OnHold || l.stage === LeadStage.Lost;
    const checks: Array<[LeadSheetKey, boolean]> = [
      ['title', l.title === r.title],
      ['enterprise', l.enterprise_id === r.enterpriseId],
      ['team', l.team_id === r.teamId],
      ['owner', l.owner_id === r.ownerId],
      ['industryChain', l.industry_chain_id === r.industryChainId],
      ['targetRegion', l.target_region_unit_id === r.targetRegionUnitId],
      ['sourceRegion', l.source_region_id === r.sourceRegionId],
      ['intendedAmount', toUnits(l.intended_amount) === toUnits(r.intendedAmount)],
      ['expectedSignDate', l.expected_sign_date === r.expectedSignDate],
      ['source', l.source === r.source],
      ['isAnchor', l.is_anchor === r.isAnchor],
      ['stage', l.stage === r.stage],
      ['sideStateReason', !side || (l.side_state_reason?.trim() || null) === r.sideStateReason],
      ['registeredOn', registeredOn === null || l.registered_on === registeredOn],
      ['notes', (l.notes?.trim() || null) === r.notes],
      ['coTeams', sameIds(l.co_team_ids, r.coTeamIds)],
    ];
    return checks.filter(([key, same]) => row.has(key) && !same).map(([key]) => `「${row.header(key)}」`);
  }
}
