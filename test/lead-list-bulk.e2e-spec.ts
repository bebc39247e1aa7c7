import { LeadView } from '../src/leads/dto/lead.dto';
import { LeadClaimView } from '../src/leads/dto/lead-claim.dto';
import { LeadClaimKind } from '../src/leads/entities/lead-claim.entity';
import { LeadClaimsService } from '../src/leads/lead-claims.service';
import { LeadStage } from '../src/leads/entities/lead-stage';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { Client, CrmFactory, dayOffset, expectAppError, ids } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { ProjectFactory } from './harness/project-factories';
import { createTestApp, TestApp } from './harness/test-app';
import ExcelJS from 'exceljs';
import { binary } from './harness/spreadsheets';

/** The values of column `column` (1-based) under the header row whose column `header` is found, until the first empty one. */
async function sheetColumn(buffer: Buffer, header: string, column: number): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = book.worksheets[0] as ExcelJS.Worksheet;
  let headerRow = 0;
  sheet.eachRow((row, n) => {
    if (!headerRow && row.values && (row.values as unknown[]).includes(header)) headerRow = n;
  });
  expect(headerRow).toBeGreaterThan(0);
  const out: string[] = [];
  for (let n = headerRow + 1; n <= sheet.rowCount; n++) {
    const value = sheet.getRow(n).getCell(column).value;
    if (typeof value !== 'string' || !/^[0-9a-f-]{36}$/.test(value)) break;
    out.push(value);
  }
  return out;
}

/** The lead list's scope switch and filters, the bulk actions, and the registry's overdue-node filter. */
describe('lead list (我的 / 本队 / 辖区, filters) and bulk actions', () => {
  let t: TestApp;
  let f: Factory;
  let crm: CrmFactory;
  let p: PipelineFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  // memberA's and memberA2's leads in team A, memberB's in team B (same county), memberC's in team C (other county).
  let a1: LeadView;
  let a2: LeadView;
  let mate: LeadView;
  let b1: LeadView;
  let c1: LeadView;

  const list = async (client: Client, query: Record<string, string>) => ids(await client.get('/leads').query({ limit: 200, ...query }).expect(200));
  const auditOf = (leadId: string) => t.db.getRepository(AuditEntry).find({ where: { entity: 'lead', entityId: leadId }, order: { id: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    p = new PipelineFactory(t, f);
    crm = p.crm;
    org = await crm.org();
    const company = await crm.enterprise({ name: `梅花生物${Date.now()}有限公司` });
    a1 = await p.lead(org.memberA, { title: '玉米深加工二期', expectedSignDate: dayOffset(-3) });
    a2 = await p.lead(org.memberA, { title: '铝箔坯料项目', enterpriseId: company.id, expectedSignDate: dayOffset(30) });
    mate = await p.lead(org.memberA2, { title: '风光储氢一体化', expectedSignDate: dayOffset(-10) });
    b1 = await p.lead(org.memberB, { title: '镍铁合金一期' });
    c1 = await p.lead(org.memberC, { title: '蒙药制剂' });
  });
  afterAll(() => t.close());

  describe('scope switch', () => {
    it('a member: 我的 is the leads they own, 本队 the team’s, 辖区 the same as 本队', async () => {
      const a = await crm.as(org.memberA);
      expect((await list(a, { scope: 'mine' })).sort()).toEqual([a1.id, a2.id].sort());
      expect((await list(a, { scope: 'team' })).sort()).toEqual([a1.id, a2.id, mate.id].sort());
      expect((await list(a, { scope: 'region' })).sort()).toEqual([a1.id, a2.id, mate.id].sort());
      expect((await list(a, {})).sort()).toEqual([a1.id, a2.id, mate.id].sort());
    });

    it('a county manager belongs to no team: 本队 is empty, 辖区 both teams of the county and not the other county', async () => {
      const mx = await crm.as(org.managerX);
      expect(await list(mx, { scope: 'team' })).toEqual([]);
      expect(await list(mx, { scope: 'mine' })).toEqual([]);
      expect((await list(mx, { scope: 'region' })).sort()).toEqual([a1.id, a2.id, mate.id, b1.id].sort());
    });

    it('a co-pursuing team sees the co-pursued lead under 本队, and the total counts what the page shows', async () => {
      await t.db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2)', [b1.id, org.teamA.id]);
      const a = await crm.as(org.memberA);
      const res = await a.get('/leads').query({ scope: 'team', limit: 200 }).expect(200);
      expect(ids(res).sort()).toEqual([a1.id, a2.id, mate.id, b1.id].sort());
      expect(res.body.total).toBe(4);
      await t.db.query('DELETE FROM lead_co_teams WHERE lead_id = $1', [b1.id]);
    });

    it('refuses an unknown scope with 400 naming it', async () => {
      const a = await crm.as(org.memberA);
      expectAppError(await a.get('/leads').query({ scope: 'all' }), 400, 'VALIDATION_FAILED', 'scope');
      expectAppError(await a.get('/leads').query({ overdue: 'yes' }), 400, 'VALIDATION_FAILED', 'overdue');
    });
  });

  describe('filters', () => {
    it('overdue: open leads whose expected signing date has passed; a lost one is not overdue', async () => {
      const a = await crm.as(org.memberA);
      expect((await list(a, { overdue: 'true' })).sort()).toEqual([a1.id, mate.id].sort());
      expect((await list(a, { overdue: 'false' })).sort()).toEqual([a2.id]);
      const lost = await p.lead(org.memberA, { title: '已终止的逾期线索', expectedSignDate: dayOffset(-5) });
      await p.move(org.memberA, lost.id, LeadStage.Lost, '企业放弃');
      expect(await list(a, { overdue: 'true' })).not.toContain(lost.id);
      await t.db.query('UPDATE leads SET deleted_at = now() WHERE id = $1', [lost.id]);
    });

    it('the keyword finds a lead by its title or by its company’s name', async () => {
      const a = await crm.as(org.memberA);
      expect(await list(a, { q: '深加工' })).toEqual([a1.id]);
      expect(await list(a, { q: '梅花生物' })).toEqual([a2.id]);
      expect(await list(a, { q: '梅花生物', scope: 'mine', overdue: 'false' })).toEqual([a2.id]);
    });

    it('owner and stage combine with the scope', async () => {
      const mx = await crm.as(org.managerX);
      expect(await list(mx, { ownerId: org.memberA2.id })).toEqual([mate.id]);
      expect((await list(mx, { teamId: org.teamB.id, stage: LeadStage.Lead })).sort()).toEqual([b1.id]);
    });

    it('sorts by stage entry, both ways', async () => {
      await t.db.query(`UPDATE leads SET stage_entered_at = now() - make_interval(days => $2) WHERE id = $1`, [a2.id, 50]);
      const a = await crm.as(org.memberA);
      const asc = await list(a, { scope: 'mine', sort: 'stageEnteredAt', order: 'asc' });
      expect(asc).toEqual([a2.id, a1.id]);
      expect(await list(a, { scope: 'mine', sort: 'stageEnteredAt', order: 'desc' })).toEqual([a1.id, a2.id]);
    });
  });

  describe('POST /leads/bulk', () => {
    it('404 naming the ids out of scope, and nothing changes', async () => {
      const a = await crm.as(org.memberA);
      const res = await a.post('/leads/bulk').send({ action: 'move', ids: [a1.id, c1.id], to: LeadStage.Contacted });
      expectAppError(res, 404, 'NOT_FOUND');
      expect(res.body.details.ids).toEqual([c1.id]);
      expect((await a.get(`/leads/${a1.id}`).expect(200)).body.stage).toBe(LeadStage.Lead);
      expect(await p.count('lead_stage_changes', 'lead_id = $1', [a1.id])).toBe(1);
    });

    it('validates the body: action-specific fields required, others refused, ids unique and bounded', async () => {
      const a = await crm.as(org.memberA);
      expectAppError(await a.post('/leads/bulk').send({ action: 'move', ids: [a1.id] }), 400, 'VALIDATION_FAILED', 'to');
      expectAppError(await a.post('/leads/bulk').send({ action: 'reassign', ids: [a1.id] }), 400, 'VALIDATION_FAILED', 'ownerId');
      expectAppError(await a.post('/leads/bulk').send({ action: 'release', ids: [a1.id] }), 400, 'VALIDATION_FAILED', 'reason');
      expectAppError(await a.post('/leads/bulk').send({ action: 'move', ids: [a1.id], to: LeadStage.Contacted, ownerId: org.memberA2.id }), 400, 'VALIDATION_FAILED', 'ownerId');
      expectAppError(await a.post('/leads/bulk').send({ action: 'move', ids: [a1.id, a1.id], to: LeadStage.Contacted }), 400, 'VALIDATION_FAILED', 'ids');
      expectAppError(await a.post('/leads/bulk').send({ action: 'move', ids: [], to: LeadStage.Contacted }), 400, 'VALIDATION_FAILED', 'ids');
      expectAppError(await a.post('/leads/bulk').send({ action: 'delete', ids: [a1.id] }), 400, 'VALIDATION_FAILED', 'action');
    });

    it('moves all or nothing: one lead the rules refuse and no lead moves; the refusal names it in Chinese', async () => {
      const a = await crm.as(org.memberA);
      await p.move(org.memberA, mate.id, LeadStage.Contacted);
      const before = await p.count('lead_stage_changes', 'lead_id = ANY($1)', [[a1.id, a2.id]]);
      const res = await a.post('/leads/bulk').send({ action: 'move', ids: [a1.id, mate.id, a2.id], to: LeadStage.Contacted });
      expectAppError(res, 409, 'LEAD_BULK_REJECTED');
      expect(res.body.details.failures).toEqual([{ id: mate.id, title: mate.title, code: 'LEAD_TRANSITION_INVALID', message: '线索已处于该阶段' }]);
      expect(res.body.message).toContain('风光储氢一体化');
      expect(await p.count('lead_stage_changes', 'lead_id = ANY($1)', [[a1.id, a2.id]])).toBe(before);
      expect((await a.get(`/leads/${a1.id}`).expect(200)).body.stage).toBe(LeadStage.Lead);
    });

    it('applies the single move’s rules to each lead: backwards needs a reason, 已签约 only by a signing', async () => {
      const a = await crm.as(org.memberA);
      const back = await a.post('/leads/bulk').send({ action: 'move', ids: [mate.id], to: LeadStage.Lead });
      expectAppError(back, 409, 'LEAD_BULK_REJECTED');
      expect(back.body.details.failures[0]).toMatchObject({ id: mate.id, code: 'LEAD_REASON_REQUIRED', message: '从「初步接洽」到「线索」需要填写原因' });
      const signed = await a.post('/leads/bulk').send({ action: 'move', ids: [a1.id, a2.id], to: LeadStage.Signed });
      expectAppError(signed, 409, 'LEAD_BULK_REJECTED');
      expect(signed.body.details.failures.map((x: { id: string; code: string }) => [x.id, x.code])).toEqual([
        [a1.id, 'LEAD_TRANSITION_INVALID'],
        [a2.id, 'LEAD_TRANSITION_INVALID'],
      ]);
    });

    it('moves every lead when all may move, each with its stage change and audit entry as a single move', async () => {
      const a = await crm.as(org.memberA);
      const res = await a.post('/leads/bulk').send({ action: 'move', ids: [a1.id, a2.id], to: LeadStage.SiteVisit }).expect(200);
      expect(res.body).toEqual({ action: 'move', count: 2, ids: [a1.id, a2.id] });
      for (const lead of [a1, a2]) {
        expect((await a.get(`/leads/${lead.id}`).expect(200)).body.stage).toBe(LeadStage.SiteVisit);
        const changes = await p.stageChanges(lead.id);
        expect(changes.map((c) => [c.from_stage, c.to_stage])).toEqual([
          [null, LeadStage.Lead],
          [LeadStage.Lead, LeadStage.SiteVisit],
        ]);
        const audit = (await auditOf(lead.id)).filter((e) => e.action === 'transition');
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({ actorId: org.memberA.id, changes: { stage: { from: LeadStage.Lead, to: LeadStage.SiteVisit } } });
      }
    });

    it('reassigns within the team; an owner outside a lead’s team fails that lead and nothing is reassigned', async () => {
      const mx = await crm.as(org.managerX);
      const refused = await mx.post('/leads/bulk').send({ action: 'reassign', ids: [a1.id, b1.id], ownerId: org.memberA2.id });
      expectAppError(refused, 409, 'LEAD_BULK_REJECTED');
      expect(refused.body.details.failures).toEqual([{ id: b1.id, title: b1.title, code: 'LEAD_REFERENCE_INVALID', message: '负责人必须是该招商队的在职队员' }]);
      expect((await mx.get(`/leads/${a1.id}`).expect(200)).body.owner.id).toBe(org.memberA.id);

      await mx.post('/leads/bulk').send({ action: 'reassign', ids: [a1.id, a2.id], ownerId: org.memberA2.id }).expect(200);
      for (const lead of [a1, a2]) {
        expect((await mx.get(`/leads/${lead.id}`).expect(200)).body.owner.id).toBe(org.memberA2.id);
        const update = (await auditOf(lead.id)).filter((e) => e.action === 'update').pop();
        expect(update).toMatchObject({ actorId: org.managerX.id, changes: { ownerId: { from: org.memberA.id, to: org.memberA2.id } } });
      }
      const a = await crm.as(org.memberA);
      expect(await list(a, { scope: 'mine' })).toEqual([]);
    });

    it('a co-pursuing member may see but not change the lead: 403 when every lead fails for want of permission', async () => {
      await t.db.query('INSERT INTO lead_co_teams (lead_id, team_id) VALUES ($1, $2)', [b1.id, org.teamA.id]);
      const a = await crm.as(org.memberA);
      const res = await a.post('/leads/bulk').send({ action: 'move', ids: [b1.id], to: LeadStage.Contacted });
      expectAppError(res, 403, 'LEAD_WRITE_FORBIDDEN');
      expect(res.body.details.failures[0]).toMatchObject({ id: b1.id, code: 'LEAD_WRITE_FORBIDDEN' });
      await t.db.query('DELETE FROM lead_co_teams WHERE lead_id = $1', [b1.id]);
    });

    it('releases idle leads only: members are refused; a lead within its protection period fails the whole release', async () => {
      const idle1 = await p.lead(org.memberB, { title: '闲置一' });
      const idle2 = await p.lead(org.memberB, { title: '闲置二' });
      await p.backdate(idle1.id, 400);
      await p.backdate(idle2.id, 400);
      const b = await crm.as(org.memberB);
      expectAppError(await b.post('/leads/bulk').send({ action: 'release', ids: [idle1.id], reason: '长期无对接' }), 403, 'LEAD_WRITE_FORBIDDEN');

      const mx = await crm.as(org.managerX);
      const refused = await mx.post('/leads/bulk').send({ action: 'release', ids: [idle1.id, b1.id, idle2.id], reason: '长期无对接' });
      expectAppError(refused, 409, 'LEAD_BULK_REJECTED');
      expect(refused.body.details.failures).toEqual([{ id: b1.id, title: b1.title, code: 'LEAD_NOT_IDLE', message: '线索未超过保护期，不能释放' }]);
      expect((await mx.get(`/leads/${idle1.id}`).expect(200)).body.stage).toBe(LeadStage.Lead);

      await mx.post('/leads/bulk').send({ action: 'release', ids: [idle1.id, idle2.id], reason: '长期无对接' }).expect(200);
      for (const lead of [idle1, idle2]) {
        const view = (await mx.get(`/leads/${lead.id}`).expect(200)).body;
        expect(view).toMatchObject({ stage: LeadStage.Lost, sideStateReason: '保护期满释放：长期无对接' });
        expect((await auditOf(lead.id)).filter((e) => e.action === 'transition')).toHaveLength(1);
      }
    });
  });

  describe('registry: overdue node filter', () => {
    it('lists the projects with a node past its planned day and not done, as the node colours read', async () => {
      const projects = new ProjectFactory(t, f);
      const admin = await projects.as(await f.adminUser());
      const region = org.countyY.id;
      const make = async (name: string, body: Record<string, unknown>) => (await admin.post('/projects').send({ name, totalInvestment: '100', regionUnitId: region, ...body }).expect(201)).body;
      // Hand-made table: which of these has an overdue node today.
      const lateStart = await make('开工逾期项目', { plannedStartOn: dayOffset(-2) });
      const startsLater = await make('开工未到期项目', { plannedStartOn: dayOffset(20) });
      const started = await make('已开工项目', { lifecycle: 'construction', plannedStartOn: dayOffset(-40), plannedCompletionOn: dayOffset(100) });
      const latePrep = await make('前期手续逾期项目', {});
      await admin.put(`/projects/${latePrep.id}/nodes/preparation`).send({ plannedOn: dayOffset(-1) }).expect(200);
      const prepDone = await make('前期手续已完成项目', {});
      await admin.put(`/projects/${prepDone.id}/nodes/preparation`).send({ plannedOn: dayOffset(-1), doneOn: dayOffset(-3) }).expect(200);
      const lateOperating = await make('投产逾期项目', { lifecycle: 'construction', plannedCompletionOn: dayOffset(-1) });
      const expected = [lateStart.id, latePrep.id, lateOperating.id];
      const all = [lateStart, startsLater, started, latePrep, prepDone, lateOperating].map((x) => x.id);

      const overdue = ids(await admin.get('/projects').query({ regionUnitId: region, overdueNode: 'true', limit: 200 }).expect(200));
      expect(overdue.sort()).toEqual([...expected].sort());
      const others = ids(await admin.get('/projects').query({ regionUnitId: region, overdueNode: 'false', limit: 200 }).expect(200));
      expect(others.sort()).toEqual(all.filter((id) => !expected.includes(id)).sort());
      // The detail's node colours agree.
      for (const id of all) {
        const nodes: Array<{ status: string }> = (await admin.get(`/projects/${id}`).expect(200)).body.nodes;
        expect([id, nodes.some((n) => n.status === 'overdue')]).toEqual([id, expected.includes(id)]);
      }

      // 项目清单.xlsx with the same filters lists the same projects (项目编号 is the second column).
      const file = await admin.get('/registry/projects.xlsx').query({ regionUnitId: region, overdueNode: 'true' }).buffer(true).parse(binary).expect(200);
      expect((await sheetColumn(file.body as Buffer, '序号', 2)).sort()).toEqual([...expected].sort());
    });
  });

  describe('exports follow the list', () => {
    it('撞单申请清单.xlsx lists the claims the caller sees, cell by cell as GET /lead-claims shows them', async () => {
      const claimsService = t.app.get(LeadClaimsService);
      const holder = await p.lead(org.memberB, { title: '撞单导出测试' });
      await claimsService.create(crm.actor(org.memberA), { enterpriseId: holder.enterprise.id, industryChainId: holder.industryChain.id, kind: LeadClaimKind.CoPursue, reason: '双方均有接触' });
      const mx = await crm.as(org.managerX);
      const listed = (await mx.get('/lead-claims').query({ status: 'pending', limit: 200 }).expect(200)).body.items as LeadClaimView[];
      expect(listed.length).toBeGreaterThan(0);
      const file = await mx.get('/lead-claims/export.xlsx').query({ status: 'pending' }).buffer(true).parse(binary).expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(file.body as unknown as ArrayBuffer);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      let header = 0;
      sheet.eachRow((row, n) => {
        if (!header && row.getCell(1).value === '序号') header = n;
      });
      const rows = listed.map((_c, i) => (sheet.getRow(header + 1 + i).values as unknown[]).slice(1, 11));
      expect(rows).toEqual(
        listed.map((c, i) => [i + 1, c.enterprise.name, c.industryChain.name, c.requestingTeam.name, c.requestedBy.name, c.kind === 'co_pursue' ? '联合跟进' : '转交', c.reason, c.holdingTeamName, c.holdingStage, '待裁定']),
      );
      expect(sheet.getRow(header + 1 + listed.length).getCell(2).value).toBeFalsy();
      expectAppError(await mx.get('/lead-claims/export.xlsx').query({ status: 'open' }), 400, 'VALIDATION_FAILED', 'status');
    });

    it('线索台账.xlsx with scope=mine holds the caller’s own leads only', async () => {
      const mate2 = await crm.as(org.memberA2);
      const mine = await list(mate2, { scope: 'mine' });
      const file = await mate2.get('/leads/export.xlsx').query({ scope: 'mine' }).buffer(true).parse(binary).expect(200);
      expect((await sheetColumn(file.body as Buffer, '线索编号', 1)).sort()).toEqual([...mine].sort());
      expect(mine).toEqual(expect.arrayContaining([mate.id, a1.id, a2.id]));
    });
  });
});
