import { LeadView } from '../src/leads/dto/lead.dto';
import { MetricsService } from '../src/metrics/metrics.service';
import { REPORTING_RULES, ReportingRules } from '../src/metrics/reporting-rules';
import { ProjectsService } from '../src/projects/projects.service';
import { RankingFiguresReadModel } from '../src/rankings/ranking-figures.read-model';
import { JobName, RollupSigningPayload } from '../src/queue/jobs';
import { SigningView } from '../src/signings/dto/signing.dto';
import { SigningKind } from '../src/signings/entities/signing.entity';
import { Client, CrmFactory, expectAppError, ids } from './harness/crm-factories';
import { Factory, TestUser } from './harness/factories';
import { PipelineFactory } from './harness/pipeline-factories';
import { createTestApp, TestApp } from './harness/test-app';

/** 万元 as integer ten-thousandths: the test's own exact arithmetic. */
const units = (amount: string): bigint => {
  const [whole, frac = ''] = amount.split('.');
  return BigInt(whole as string) * 10_000n + BigInt(frac.padEnd(4, '0'));
};
const sumUnits = (amounts: string[]): bigint => amounts.reduce((s, a) => s + units(a), 0n);

describe('项目认定: where the deployment asks, a signing counts only once the city has approved it', () => {
  let t: TestApp;
  let p: PipelineFactory;
  let crm: CrmFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let rules: ReportingRules;
  let adminUser: TestUser;
  let admin: Client;
  let member: Client;
  let manager: Client;
  let memberC: Client;

  beforeAll(async () => {
    // API only: no worker relays the outbox, so what reaches the registry is what the test hands it.
    t = await createTestApp({ APP_ROLE: 'api' });
    const f = new Factory(t);
    p = new PipelineFactory(t, f);
    crm = p.crm;
    org = await crm.org();
    // The deployment's reporting conventions, as config/reporting.json would set them.
    rules = t.app.get<ReportingRules>(REPORTING_RULES, { strict: false });
    rules.signingReview = { required: true };
    adminUser = await f.adminUser();
    admin = await crm.as(adminUser);
    member = await crm.as(org.memberA);
    manager = await crm.as(org.managerX);
    memberC = await crm.as(org.memberC);
  });
  afterAll(() => t.close());

  const record = async (by: TestUser, lead: { id: string }, amount: string, kind = SigningKind.Initial): Promise<SigningView> =>
    p.sign(by, lead.id, { amount, kind });
  const review = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/signings/${id}/review`).send(body);

  /** What the counting views say of a team, after a refresh (plain SQL on the views). */
  const viewsOf = async (teamId: string) => {
    const { refreshed } = await t.app.get(MetricsService).refresh();
    expect(refreshed).toBe(true);
    const [m] = await p.db.query(
      'SELECT COALESCE(sum(signed_projects), 0)::int AS projects, COALESCE(sum(signed_amount), 0)::text AS amount FROM team_month_metrics WHERE team_id = $1',
      [teamId],
    );
    const [c] = await p.db.query(
      'SELECT COALESCE(sum(signed_projects), 0)::int AS projects, COALESCE(sum(signed_amount), 0)::text AS amount FROM team_chain_signings WHERE team_id = $1',
      [teamId],
    );
    return { metrics: { projects: m.projects as number, units: units(m.amount) }, chains: { projects: c.projects as number, units: units(c.amount) } };
  };

  /** The rollup message the outbox holds for a signing, if any. */
  const rollupMessage = async (signingId: string): Promise<RollupSigningPayload | undefined> => {
    const rows: Array<{ payload: RollupSigningPayload }> = await p.db.query(`SELECT payload FROM outbox_messages WHERE job_name = $1 AND payload->>'signingId' = $2`, [
      JobName.RollupSigning,
      signingId,
    ]);
    expect(rows.length).toBeLessThanOrEqual(1);
    return rows[0]?.payload;
  };
  /** Delivers what the outbox holds for the signing to the registry, as the relay and worker would. */
  const relay = async (signingId: string) => {
    const payload = await rollupMessage(signingId);
    if (payload) await t.app.get(ProjectsService).rollupSigning(payload);
  };
  const projectOf = async (leadId: string) => p.db.query('SELECT signed_amount::text, total_investment::text FROM projects WHERE lead_id = $1', [leadId]);
  const leadRow = async (leadId: string) => (await p.db.query('SELECT stage, signed_amount::text, signed_on::text FROM leads WHERE id = $1', [leadId]))[0];
  const notified = async (userId: string, kind: string, signingId: string): Promise<number> =>
    (await p.db.query('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = $2 AND link_id = $3', [userId, kind, signingId]))[0].n;

  // Hand-made: what team A has approved so far (first signings, and every approved amount).
  const approvedA: { projects: number; amounts: string[] } = { projects: 0, amounts: [] };
  let lead: LeadView;
  let first: SigningView;

  it('a signing recorded while review is required waits: counted nowhere, and the admins are told', async () => {
    const before = await viewsOf(org.teamA.id);
    lead = await p.lead(org.memberA);
    first = await record(org.memberA, lead, '308000.1234');
    expect(first).toMatchObject({ reviewStatus: 'pending', reviewStatusLabel: '待认定', counted: false, reviewedBy: null, reviewedAt: null, reviewNote: null });
    // The lead is 已签约 (what happened), but its signed figures hold no unreviewed amount.
    expect(await leadRow(lead.id)).toEqual({ stage: 'signed', signed_amount: '0.0000', signed_on: null });
    expect(await rollupMessage(first.id)).toBeUndefined();
    expect(await t.app.get(ProjectsService).signingsNotRolledUp('00000000-0000-0000-0000-000000000000', 1000)).not.toContain(first.id);
    expect(await projectOf(lead.id)).toEqual([]);
    expect(await viewsOf(org.teamA.id)).toEqual(before);
    expect(await notified(adminUser.id, 'signing_review_due', first.id)).toBe(1);
    // A supplement waits for the first signing's approval.
    await expect(record(org.memberA, lead, '10', SigningKind.Supplement)).rejects.toMatchObject({ code: 'SUPPLEMENT_BEFORE_REVIEW' });
  });

  it('lists signings awaiting review with their total, by status, team and region, within the caller’s scope', async () => {
    const other = await record(org.memberC, await p.lead(org.memberC), '50');
    const all = await admin.get('/signings').expect(200);
    expect(all.body.total).toBe(2);
    expect(ids(all)).toEqual([first.id, other.id]);
    const byTeam = await admin.get(`/signings?teamId=${org.teamC.id}`).expect(200);
    expect({ total: byTeam.body.total, ids: ids(byTeam) }).toEqual({ total: 1, ids: [other.id] });
    const byRegion = await admin.get(`/signings?regionUnitId=${org.countyX.id}&limit=1`).expect(200);
    expect({ total: byRegion.body.total, ids: ids(byRegion), next: byRegion.body.nextCursor }).toEqual({ total: 1, ids: [first.id], next: null });
    const approved = await admin.get('/signings?status=approved').expect(200);
    expect(approved.body.total).toBe(0);
    // Team C's member sees their own only; a manager of county X, team A's.
    expect(ids(await memberC.get('/signings').expect(200))).toEqual([other.id]);
    expect(ids(await manager.get('/signings').expect(200))).toEqual([first.id]);
    await memberC.get(`/signings/${first.id}`).expect(404);
    expectAppError(await admin.get('/signings?status=maybe'), 400, 'VALIDATION_FAILED', 'status');
    // Rejected at once: it plays no further part.
    await review(admin, other.id, { decision: 'reject', note: '口头意向，未签署协议' }).expect(200);
  });

  it('only an admin decides; unknown ids are 404; rejecting needs a note', async () => {
    expectAppError(await review(member, first.id, { decision: 'approve' }), 403, 'FORBIDDEN');
    expectAppError(await review(manager, first.id, { decision: 'approve' }), 403, 'FORBIDDEN');
    expectAppError(await review(admin, '7b0e3c52-8f1e-4b8e-9a51-0d4f7c3e2a10', { decision: 'approve' }), 404, 'NOT_FOUND');
    expectAppError(await review(admin, first.id, { decision: 'reject' }), 400, 'VALIDATION_FAILED', 'note');
    expectAppError(await review(admin, first.id, { decision: 'reject', note: '   ' }), 400, 'VALIDATION_FAILED', 'note');
    expectAppError(await review(admin, first.id, { decision: 'maybe' }), 400, 'VALIDATION_FAILED', 'decision');
    expectAppError(await review(admin, first.id, { decision: 'approve', extra: 1 }), 400, 'VALIDATION_FAILED', 'extra');
    expect((await admin.get(`/signings/${first.id}`).expect(200)).body.reviewStatus).toBe('pending');
  });

  it('approval counts it: lead, registry and both views, audited with who and when; the team’s managers are told', async () => {
    const res = await review(admin, first.id, { decision: 'approve', note: '协议已核验' }).expect(200);
    expect(res.body).toMatchObject({ reviewStatus: 'approved', reviewStatusLabel: '已认定', counted: true, reviewedBy: { id: adminUser.id }, reviewNote: '协议已核验' });
    expect(typeof res.body.reviewedAt).toBe('string');
    approvedA.projects += 1;
    approvedA.amounts.push('308000.1234');

    expect(await leadRow(lead.id)).toEqual({ stage: 'signed', signed_amount: '308000.1234', signed_on: first.signedOn });
    await relay(first.id);
    expect(await projectOf(lead.id)).toEqual([{ signed_amount: '308000.1234', total_investment: '308000.1234' }]);
    const views = await viewsOf(org.teamA.id);
    expect(views).toEqual({ metrics: { projects: approvedA.projects, units: sumUnits(approvedA.amounts) }, chains: { projects: approvedA.projects, units: sumUnits(approvedA.amounts) } });

    const audit = await crm.audit('signing', first.id);
    const decision = audit.find((a) => a.action === 'approve');
    expect(decision).toMatchObject({ actorId: adminUser.id, changes: { reviewStatus: { from: 'pending', to: 'approved' }, reviewedById: { to: adminUser.id } } });
    expect(decision?.at).toBeInstanceOf(Date);
    expect((decision?.changes.reviewedAt as { to: string }).to).toBe(res.body.reviewedAt);
    expect(await notified(org.managerX.id, 'signing_reviewed', first.id)).toBe(1);

    // Once decided, it stays decided.
    expectAppError(await review(admin, first.id, { decision: 'approve' }), 409, 'SIGNING_ALREADY_REVIEWED');
    expectAppError(await review(admin, first.id, { decision: 'reject', note: '改判' }), 409, 'SIGNING_ALREADY_REVIEWED');

    // A supplement on the approved signing waits in turn, then adds only its amount.
    const more = await record(org.memberA, lead, '1000.5', SigningKind.Supplement);
    expect((await viewsOf(org.teamA.id)).metrics.units).toBe(sumUnits(approvedA.amounts));
    await review(admin, more.id, { decision: 'approve' }).expect(200);
    approvedA.amounts.push('1000.5');
    await relay(more.id);
    expect(await projectOf(lead.id)).toEqual([{ signed_amount: '309000.6234', total_investment: '309000.6234' }]);
    expect(await viewsOf(org.teamA.id)).toEqual({ metrics: { projects: 1, units: sumUnits(approvedA.amounts) }, chains: { projects: 1, units: sumUnits(approvedA.amounts) } });
  });

  it('a rejected signing never counts; the lead stays 已签约 and the corrected signing is reviewed in turn', async () => {
    const other = await p.lead(org.memberA);
    const wrong = await record(org.memberA, other, '99999');
    const res = await review(admin, wrong.id, { decision: 'reject', note: '口头意向，不予认定' }).expect(200);
    expect(res.body).toMatchObject({ reviewStatus: 'rejected', reviewStatusLabel: '不予认定', counted: false, reviewedBy: { id: adminUser.id }, reviewNote: '口头意向，不予认定' });
    expectAppError(await review(admin, wrong.id, { decision: 'approve' }), 409, 'SIGNING_ALREADY_REVIEWED');
    expect(await rollupMessage(wrong.id)).toBeUndefined();
    expect(await leadRow(other.id)).toEqual({ stage: 'signed', signed_amount: '0.0000', signed_on: null });
    expect(await viewsOf(org.teamA.id)).toEqual({ metrics: { projects: 1, units: sumUnits(approvedA.amounts) }, chains: { projects: 1, units: sumUnits(approvedA.amounts) } });
    expect(await crm.audit('signing', wrong.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'reject', actorId: adminUser.id, changes: expect.objectContaining({ reviewNote: { from: null, to: '口头意向，不予认定' } }) })]),
    );

    // The team records what was actually signed; it waits, then counts.
    const corrected = await record(org.memberA, other, '20000');
    expect(corrected.reviewStatus).toBe('pending');
    await expect(record(org.memberA, other, '1')).rejects.toMatchObject({ code: 'LEAD_ALREADY_SIGNED' });
    await review(admin, corrected.id, { decision: 'approve' }).expect(200);
    approvedA.projects += 1;
    approvedA.amounts.push('20000');
    await relay(corrected.id);
    expect(await projectOf(other.id)).toEqual([{ signed_amount: '20000.0000', total_investment: '20000.0000' }]);
    expect(await viewsOf(org.teamA.id)).toEqual({ metrics: { projects: 2, units: sumUnits(approvedA.amounts) }, chains: { projects: 2, units: sumUnits(approvedA.amounts) } });
    const signings = (await member.get(`/leads/${other.id}/signings`).expect(200)).body as SigningView[];
    expect(signings.map((s) => [s.amount, s.reviewStatus])).toEqual([
      ['99999', 'rejected'],
      ['20000', 'approved'],
    ]);
  });

  it('the counting views agree with a plain count of approved signings', async () => {
    await viewsOf(org.teamA.id);
    const [live] = await p.db.query(
      `SELECT count(*) FILTER (WHERE kind = 'initial')::int AS projects, COALESCE(sum(amount), 0)::text AS amount
         FROM signings WHERE team_id = $1 AND review_status = 'approved'`,
      [org.teamA.id],
    );
    const [all] = await p.db.query('SELECT count(*)::int AS n FROM signings WHERE team_id = $1', [org.teamA.id]);
    expect(all.n).toBe(4); // two approved first signings, an approved supplement, a rejected first signing
    expect({ projects: live.projects, units: units(live.amount) }).toEqual({ projects: approvedA.projects, units: sumUnits(approvedA.amounts) });
    // The rankings' first-signing sizes count the same signings.
    const sizes = await t.app.get(RankingFiguresReadModel, { strict: false }).firstSigningAmounts('team', [org.teamA.id], '2000-01-01', '2100-01-01');
    expect([...(sizes.get(org.teamA.id) ?? [])].map(units).sort()).toEqual([units('20000'), units('308000.1234')].sort());
  });

  it('a signing event’s totals count approved signings only', async () => {
    const event = await p.signingEvent();
    const lead = await p.lead(org.memberA);
    const s = await p.sign(org.memberA, lead.id, { amount: '4321.5', signingEventId: event.id, signedOn: event.heldOn });
    expect((await admin.get(`/signing-events/${event.id}`).expect(200)).body).toMatchObject({ projectCount: 0, signingCount: 0, totalAmount: '0' });
    await review(admin, s.id, { decision: 'approve' }).expect(200);
    expect((await admin.get(`/signing-events/${event.id}`).expect(200)).body).toMatchObject({ projectCount: 1, signingCount: 1, totalAmount: '4321.5' });
    approvedA.projects += 1;
    approvedA.amounts.push('4321.5');
  });

  it('without review required, a signing is approved as it is recorded (无需认定) and counts at once', async () => {
    rules.signingReview = { required: false };
    try {
      const plain = await p.lead(org.memberC);
      const s = await record(org.memberC, plain, '777');
      expect(s).toMatchObject({ reviewStatus: 'approved', reviewStatusLabel: '无需认定', counted: true, reviewedBy: null, reviewedAt: null });
      expect(await leadRow(plain.id)).toMatchObject({ signed_amount: '777.0000', signed_on: s.signedOn });
      expect(await rollupMessage(s.id)).toMatchObject({ signingId: s.id, amount: '777' });
      expect((await viewsOf(org.teamC.id)).metrics).toEqual({ projects: 1, units: units('777') });
      expectAppError(await review(admin, s.id, { decision: 'approve' }), 409, 'SIGNING_ALREADY_REVIEWED');
    } finally {
      rules.signingReview = { required: true };
    }
  });
});
