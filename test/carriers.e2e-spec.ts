import ExcelJS from 'exceljs';
import { ProjectsService } from '../src/projects/projects.service';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { Client, cjk, CrmFactory, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { ProjectFactory } from './harness/project-factories';
import { binary, Cell } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * 载体与推介项目库 (issue 19, part 3): the catalogue's lists and filters, its writers (admins, and
 * managers within their region), validation, the 招商推介会 export checked against a hand table,
 * and availability following the leads that name a carrier until their project lands.
 */
describe('carriers and promoted projects', () => {
  let t: TestApp;
  let f: Factory;
  let p: ProjectFactory;
  let crm: CrmFactory;
  let org: Awaited<ReturnType<CrmFactory['org']>>;
  let chainId: string;
  let otherChainId: string;
  let admin: Client;
  let managerX: Client;
  let managerY: Client;
  let memberA: Client;
  let memberC: Client;

  beforeAll(async () => {
    // API only: the rollup is run by hand, as in project-rollup.e2e-spec.
    t = await createTestApp({ APP_ROLE: 'api' });
    f = new Factory(t);
    p = new ProjectFactory(t, f);
    crm = p.crm;
    org = await crm.org();
    chainId = (await crm.industryChain()).id;
    otherChainId = (await crm.industryChain()).id;
    admin = await crm.as(await f.adminUser());
    managerX = await crm.as(org.managerX);
    managerY = await crm.as(await f.manager({ regionUnitIds: [org.countyY.id] }));
    memberA = await crm.as(org.memberA);
    memberC = await crm.as(org.memberC);
  });
  afterAll(() => t.close());

  const park = (regionUnitId: string, extra: Record<string, unknown> = {}) => ({
    kind: 'park',
    name: `${cjk(4)}工业园区`,
    regionUnitId,
    area: '12000',
    areaUnit: 'mu',
    ...extra,
  });
  const parcel = (regionUnitId: string, extra: Record<string, unknown> = {}) => ({
    kind: 'land',
    name: `${cjk(3)}地块`,
    regionUnitId,
    area: '50.5',
    areaUnit: 'mu',
    price: '15',
    priceUnit: 'wan_yuan_per_mu',
    ...extra,
  });
  const promoted = (regionUnitId: string, extra: Record<string, unknown> = {}) => ({
    name: `${cjk(5)}项目`,
    industryChainId: chainId,
    regionUnitId,
    totalInvestment: '200000',
    ...extra,
  });

  async function create(c: Client, path: string, body: object): Promise<{ id: string; [k: string]: unknown }> {
    const res = await c.post(path).send(body);
    expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(/^201 /);
    return res.body;
  }

  /** A fresh city with two counties, so that lists filtered by it hold only this test's records. */
  async function city() {
    const root = await f.region({ level: RegionLevel.City });
    // A before B under any collation: the export orders counties by name.
    const a = await f.region({ level: RegionLevel.County, parentId: root.id, name: `A${cjk(3)}旗` });
    const b = await f.region({ level: RegionLevel.County, parentId: root.id, name: `B${cjk(3)}旗` });
    return { root, a, b };
  }

  it('lists with filters (kind, region and below, availability, chain, park) and pages', async () => {
    const c = await city();
    const zone = await create(admin, '/carriers', park(c.a.id, { industryChainId: chainId }));
    const plot = await create(admin, '/carriers', parcel(c.a.id, { parentId: zone.id, industryChainId: chainId }));
    const shed = await create(admin, '/carriers', { kind: 'factory', name: `${cjk(3)}标准化厂房`, regionUnitId: c.b.id, area: '3600.25', areaUnit: 'sqm', availableArea: '1800', price: '8.5', priceUnit: 'yuan_per_sqm_month', availability: 'negotiating', industryChainId: otherChainId });
    expect(plot).toMatchObject({ kind: 'land', kindLabel: '土地', parent: { id: zone.id }, area: '50.5', availableArea: '50.5', areaUnit: 'mu', areaUnitLabel: '亩', price: '15', priceUnitLabel: '万元/亩', availability: 'available', availabilityLabel: '可用', canEdit: true });
    expect(shed).toMatchObject({ area: '3600.25', availableArea: '1800', price: '8.5', priceUnitLabel: '元/㎡·月', availabilityLabel: '洽谈中' });

    const names = async (query: string) => ((await memberC.get(`/carriers?${query}`).expect(200)).body.items as Array<{ id: string }>).map((i) => i.id).sort();
    const sorted = (...xs: Array<{ id: string }>) => xs.map((x) => x.id).sort();
    expect(await names(`regionUnitId=${c.root.id}`)).toEqual(sorted(zone, plot, shed));
    expect(await names(`regionUnitId=${c.a.id}`)).toEqual(sorted(zone, plot));
    expect(await names(`regionUnitId=${c.root.id}&kind=factory`)).toEqual(sorted(shed));
    expect(await names(`regionUnitId=${c.root.id}&availability=available`)).toEqual(sorted(zone, plot));
    expect(await names(`regionUnitId=${c.root.id}&industryChainId=${otherChainId}`)).toEqual(sorted(shed));
    expect(await names(`parentId=${zone.id}`)).toEqual(sorted(plot));

    const first = await memberC.get(`/carriers?regionUnitId=${c.root.id}&limit=2`).expect(200);
    expect(first.body).toMatchObject({ total: 3 });
    expect(first.body.items).toHaveLength(2);
    const second = await memberC.get(`/carriers?regionUnitId=${c.root.id}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`).expect(200);
    expect([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id).sort()).toEqual(sorted(zone, plot, shed));
    expect(second.body.nextCursor).toBeNull();

    const p1 = await create(admin, '/promoted-projects', promoted(c.a.id, { expectedOutputValue: '300000.5', expectedReturn: '年税收 8000 万元' }));
    const p2 = await create(admin, '/promoted-projects', promoted(c.b.id, { industryChainId: otherChainId, status: 'negotiating' }));
    expect(p1).toMatchObject({ totalInvestment: '200000', expectedOutputValue: '300000.5', status: 'promoting', statusLabel: '推介中', industryChain: { id: chainId } });
    const projectIds = async (query: string) => ((await memberA.get(`/promoted-projects?${query}`).expect(200)).body.items as Array<{ id: string }>).map((i) => i.id).sort();
    expect(await projectIds(`regionUnitId=${c.root.id}`)).toEqual(sorted(p1, p2));
    expect(await projectIds(`regionUnitId=${c.root.id}&industryChainId=${chainId}`)).toEqual(sorted(p1));
    expect(await projectIds(`regionUnitId=${c.root.id}&status=negotiating`)).toEqual(sorted(p2));
    expect((await memberA.get(`/promoted-projects/${p2.id}`).expect(200)).body).toMatchObject({ id: p2.id, canEdit: false });
  });

  it('refuses bad input with 400s naming the field', async () => {
    const zone = await create(admin, '/carriers', park(org.countyX.id));
    const plot = await create(admin, '/carriers', parcel(org.countyX.id));
    await create(admin, '/carriers', parcel(org.countyX.id, { parentId: zone.id }));
    const cases: Array<[object, string, string]> = [
      [{ ...parcel(org.countyX.id), colour: 'red' }, 'VALIDATION_FAILED', 'colour'],
      [{ ...parcel(org.countyX.id), kind: 'warehouse' }, 'VALIDATION_FAILED', 'kind'],
      [{ ...parcel(org.countyX.id), area: '-1' }, 'VALIDATION_FAILED', 'area'],
      [{ ...parcel(org.countyX.id), area: '1.23456' }, 'VALIDATION_FAILED', 'area'],
      [{ ...parcel(org.countyX.id), areaUnit: 'acre' }, 'VALIDATION_FAILED', 'areaUnit'],
      [{ ...parcel(org.countyX.id), availableArea: '60' }, 'CARRIER_INVALID', 'availableArea'],
      [{ ...parcel(org.countyX.id), priceUnit: null }, 'CARRIER_INVALID', 'priceUnit'],
      [{ ...parcel(org.countyX.id), parentId: plot.id }, 'CARRIER_INVALID', 'parentId'],
      [{ ...park(org.countyX.id), parentId: zone.id }, 'CARRIER_INVALID', 'parentId'],
      [{ ...parcel(org.countyX.id), regionUnitId: '00000000-0000-4000-8000-000000000000' }, 'CARRIER_INVALID', 'regionUnitId'],
      [{ ...parcel(org.countyX.id), contactPhone: 'call me' }, 'VALIDATION_FAILED', 'contactPhone'],
    ];
    for (const [body, code, field] of cases) expectAppError(await admin.post('/carriers').send(body), 400, code, field);
    expectAppError(await admin.patch(`/carriers/${plot.id}`).send({ name: null }), 400, 'VALIDATION_FAILED', 'name');
    expectAppError(await admin.patch(`/carriers/${zone.id}`).send({ kind: 'land', parentId: null }), 400, 'CARRIER_INVALID', undefined);
    expectAppError(await admin.post('/promoted-projects').send(promoted(org.countyX.id, { totalInvestment: 'abc' })), 400, 'VALIDATION_FAILED', 'totalInvestment');
    expectAppError(await admin.post('/promoted-projects').send(promoted(org.countyX.id, { status: 'sold' })), 400, 'VALIDATION_FAILED', 'status');
    expectAppError(await admin.post('/promoted-projects').send({ ...promoted(org.countyX.id), industryChainId: undefined }), 400, 'VALIDATION_FAILED', 'industryChainId');
    expectAppError(await admin.get('/carriers?availability=sold'), 400, 'VALIDATION_FAILED', 'availability');
    expectAppError(await admin.get('/carriers/not-an-id'), 400, 'VALIDATION_FAILED', 'id');
    // Shrinking the area keeps what was taken taken: 50.5 亩 with 20.5 taken, cut to 40 → 19.5 left.
    await admin.patch(`/carriers/${plot.id}`).send({ availableArea: '30' }).expect(200);
    expect((await admin.patch(`/carriers/${plot.id}`).send({ area: '40' }).expect(200)).body).toMatchObject({ area: '40', availableArea: '19.5' });
  });

  it('lets a manager keep only his region: another region’s record is 404, a member is refused by role', async () => {
    const mine = await create(managerX, '/carriers', parcel(org.countyX.id));
    const theirs = await create(admin, '/carriers', parcel(org.countyY.id));
    expect(mine.canEdit).toBe(true);
    expectAppError(await managerX.post('/carriers').send(parcel(org.countyY.id)), 404, 'NOT_FOUND');
    expectAppError(await managerX.patch(`/carriers/${theirs.id}`).send({ name: '改名地块' }), 404, 'NOT_FOUND');
    expectAppError(await managerX.delete(`/carriers/${theirs.id}`), 404, 'NOT_FOUND');
    // Moving his own record into another region is the same 404.
    expectAppError(await managerX.patch(`/carriers/${mine.id}`).send({ regionUnitId: org.countyY.id }), 404, 'NOT_FOUND');
    expectAppError(await managerY.patch(`/carriers/${mine.id}`).send({ name: '改名地块' }), 404, 'NOT_FOUND');
    expectAppError(await memberA.post('/carriers').send(parcel(org.countyX.id)), 403, 'FORBIDDEN');
    expectAppError(await memberA.patch(`/carriers/${mine.id}`).send({ name: '改名地块' }), 403, 'FORBIDDEN');
    const project = await create(managerY, '/promoted-projects', promoted(org.countyY.id));
    expectAppError(await managerX.patch(`/promoted-projects/${project.id}`).send({ name: '改名项目' }), 404, 'NOT_FOUND');
    expectAppError(await managerX.post('/promoted-projects').send(promoted(org.countyY.id)), 404, 'NOT_FOUND');
    // Everyone reads the whole catalogue; canEdit tells whose it is.
    expect((await memberC.get(`/carriers/${mine.id}`).expect(200)).body).toMatchObject({ canEdit: false });
    expect((await managerX.get(`/carriers/${theirs.id}`).expect(200)).body).toMatchObject({ canEdit: false });
    expect((await managerX.patch(`/carriers/${mine.id}`).send({ conditions: '七通一平' }).expect(200)).body).toMatchObject({ conditions: '七通一平' });
    const audit = await crm.audit('carrier', mine.id);
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['create', org.managerX.id],
      ['update', org.managerX.id],
    ]);
    expect(audit[1]?.changes).toEqual({ conditions: { from: null, to: '七通一平' } });
  });

  it('follows the leads: 洽谈中 while a lead names it, free again when it is lost, 已落地 when its project lands', async () => {
    const zone = await create(admin, '/carriers', park(org.countyX.id));
    const plot = await create(admin, '/carriers', parcel(org.countyX.id, { parentId: zone.id, area: '120', availableArea: '100' }));
    const spare = await create(admin, '/carriers', parcel(org.countyX.id));
    const offer = await create(admin, '/promoted-projects', promoted(org.countyX.id));
    const enterprise = await crm.enterprise();
    const lead = (await memberA
      .post('/leads')
      .send({ title: `项目${cjk(5)}`, enterpriseId: enterprise.id, industryChainId: chainId, targetRegionUnitId: org.countyX.id, intendedAmount: '50000', source: 'door_to_door', carrierId: plot.id, promotedProjectId: offer.id })
      .expect(201)).body;
    expect(lead).toMatchObject({ carrier: { id: plot.id, name: plot.name }, promotedProject: { id: offer.id, name: offer.name } });
    expect((await admin.get(`/carriers/${plot.id}`).expect(200)).body).toMatchObject({ availability: 'negotiating', availableArea: '100' });
    expect((await admin.get(`/promoted-projects/${offer.id}`).expect(200)).body).toMatchObject({ status: 'negotiating' });
    // A park hosts many projects: the lead neither reserves nor fills it.
    expect((await admin.get(`/carriers/${zone.id}`).expect(200)).body).toMatchObject({ availability: 'available' });

    // A second lead on the spare parcel, then lost: the parcel is free again.
    const other = (await memberA
      .post('/leads')
      .send({ title: `项目${cjk(5)}`, enterpriseId: (await crm.enterprise()).id, industryChainId: chainId, intendedAmount: '100', source: 'door_to_door', carrierId: spare.id })
      .expect(201)).body;
    expect((await admin.get(`/carriers/${spare.id}`).expect(200)).body.availability).toBe('negotiating');
    await memberA.post(`/leads/${other.id}/transitions`).send({ to: 'lost', reason: '企业转投他处' }).expect(200);
    expect((await admin.get(`/carriers/${spare.id}`).expect(200)).body.availability).toBe('available');
    // Moving a lead's link frees the old carrier and takes the new one.
    await memberA.post(`/leads/${other.id}/transitions`).send({ to: 'lead', reason: '重新接洽' }).expect(200);
    expect((await admin.get(`/carriers/${spare.id}`).expect(200)).body.availability).toBe('negotiating');
    const current = (await memberA.get(`/leads/${other.id}`).expect(200)).body;
    await memberA.patch(`/leads/${other.id}`).send({ carrierId: null, version: current.version }).expect(200);
    expect((await admin.get(`/carriers/${spare.id}`).expect(200)).body.availability).toBe('available');
    // Named again, then the lead deleted: free again.
    const again = (await memberA.get(`/leads/${other.id}`).expect(200)).body;
    await memberA.patch(`/leads/${other.id}`).send({ carrierId: spare.id, version: again.version }).expect(200);
    expect((await admin.get(`/carriers/${spare.id}`).expect(200)).body.availability).toBe('negotiating');
    await memberA.delete(`/leads/${other.id}`).expect(204);
    expect((await admin.get(`/carriers/${spare.id}`).expect(200)).body.availability).toBe('available');

    // Signed: still 洽谈中 until the project enters the registry.
    const signing = await p.sign(org.memberA, lead.id, '50000');
    expect((await admin.get(`/carriers/${plot.id}`).expect(200)).body.availability).toBe('negotiating');
    const signedLead = (await memberA.get(`/leads/${lead.id}`).expect(200)).body;
    expect(await t.app.get(ProjectsService).rollupSigning(p.payload(signedLead, signing))).toBe('created');
    const [project] = await p.projectsOfLead(lead.id);
    expect((await admin.get(`/carriers/${plot.id}`).expect(200)).body).toMatchObject({ availability: 'landed', availabilityLabel: '已落地', availableArea: '0', area: '120' });
    expect((await admin.get(`/promoted-projects/${offer.id}`).expect(200)).body).toMatchObject({ status: 'landed', statusLabel: '已落地' });
    expect((await admin.get(`/carriers/${zone.id}`).expect(200)).body.availability).toBe('available');

    const trail = await crm.audit('carrier', plot.id);
    expect(trail.map((a) => [a.action, a.actorId])).toEqual([
      ['create', (await f.adminUser()).id],
      ['availability', org.memberA.id],
      ['land', null],
    ]);
    expect(trail[1]?.changes).toMatchObject({ availability: { from: 'available', to: 'negotiating' }, leadId: { to: lead.id } });
    expect(trail[2]?.changes).toMatchObject({ availability: { from: 'negotiating', to: 'landed' }, availableArea: { from: '100', to: '0' }, leadId: { to: lead.id }, projectId: { to: project?.id } });
    expect((await crm.audit('promoted-project', offer.id)).map((a) => a.action)).toEqual(['create', 'availability', 'land']);

    // A landed parcel is not offered to a new lead.
    expectAppError(
      await memberA.post('/leads').send({ title: `项目${cjk(5)}`, enterpriseId: (await crm.enterprise()).id, industryChainId: chainId, intendedAmount: '100', source: 'door_to_door', carrierId: plot.id }),
      400,
      'CARRIER_INVALID',
      'carrierId',
    );
    expectAppError(
      await memberA.post('/leads').send({ title: `项目${cjk(5)}`, enterpriseId: (await crm.enterprise()).id, industryChainId: chainId, intendedAmount: '100', source: 'door_to_door', promotedProjectId: '00000000-0000-4000-8000-000000000000' }),
      400,
      'CARRIER_INVALID',
      'promotedProjectId',
    );
    // Still named by a lead (and a park with a parcel in it): not deleted.
    expectAppError(await admin.delete(`/carriers/${plot.id}`), 409, 'CARRIER_IN_USE');
    expectAppError(await admin.delete(`/carriers/${zone.id}`), 409, 'CARRIER_IN_USE');
    expectAppError(await admin.delete(`/promoted-projects/${offer.id}`), 409, 'PROMOTED_PROJECT_IN_USE');
    await admin.delete(`/carriers/${spare.id}`).expect(204);
    expect((await crm.audit('carrier', spare.id)).map((a) => a.action).pop()).toBe('delete');
    await admin.get(`/carriers/${spare.id}`).expect(404);
  });

  it('exports what a 招商推介会 offers, row for row as the hand table says', async () => {
    const c = await city();
    const zone = await create(admin, '/carriers', park(c.a.id, { name: '甲园区', area: '8000', availableArea: '2600.5', conditions: '七通一平', contactName: '王主任', contactPhone: '0475-8888888' }));
    await create(admin, '/carriers', parcel(c.a.id, { name: '甲园区一号地块', parentId: zone.id, area: '150', price: '12.8' }));
    await create(admin, '/carriers', { kind: 'factory', name: '乙标准化厂房', regionUnitId: c.b.id, area: '5000', areaUnit: 'sqm', price: '6', priceUnit: 'yuan_per_sqm_month' });
    await create(admin, '/carriers', parcel(c.b.id, { name: '乙标准化厂房北侧地块', availability: 'landed', availableArea: '0' }));
    await create(admin, '/promoted-projects', promoted(c.a.id, { name: '玉米深加工项目', totalInvestment: '500000', expectedOutputValue: '800000', expectedReturn: '年利税 6 亿元', contactName: '李科长' }));
    await create(admin, '/promoted-projects', promoted(c.b.id, { name: '已落地项目', status: 'landed' }));

    const download = async (query: string) => {
      const res = await admin.get(`/carriers/xlsx?${query}`).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      return book.worksheets.map((sheet) => {
        const rows: Cell[][] = [];
        sheet.eachRow((row) => rows.push((row.values as Cell[]).slice(1)));
        const header = rows.findIndex((r) => r[0] === '序号');
        // The data rows: numbered, up to the notes and the foot.
        const width = rows[header]?.length ?? 0;
        const cells = (r: Cell[]) => Array.from({ length: width }, (_, i) => (r[i] === undefined || r[i] === null ? null : String(r[i])));
        return { name: sheet.name, header: rows[header], data: rows.slice(header + 1).filter((r) => typeof r[0] === 'number').map(cells) };
      });
    };
    const [carriers, projects] = await download(`regionUnitId=${c.root.id}`);
    expect(carriers?.name).toBe('载体');
    expect(carriers?.header).toEqual(['序号', '类型', '名称', '所在园区', '所在区域', '主导产业', '面积', '可用面积', '面积单位', '价格', '价格单位', '状态', '配套条件', '联系人', '联系电话']);
    // Parks first, each with its parcels; by county (their sort order, then name); 已落地 left out.
    const { a, b } = c;
    expect(carriers?.data).toEqual([
      ['1', '园区', '甲园区', null, a.name, null, '8000', '2600.5', '亩', null, null, '可用', '七通一平', '王主任', '0475-8888888'],
      ['2', '土地', '甲园区一号地块', '甲园区', a.name, null, '150', '150', '亩', '12.8', '万元/亩', '可用', null, null, null],
      ['3', '标准化厂房', '乙标准化厂房', null, b.name, null, '5000', '5000', '㎡', '6', '元/㎡·月', '可用', null, null, null],
    ]);
    expect(projects?.name).toBe('推介项目');
    expect(projects?.data).toEqual([['1', '玉米深加工项目', expect.any(String), a.name, '500000', '800000', '年利税 6 亿元', null, '推介中', '李科长', null]]);
    const all = await download(`regionUnitId=${c.root.id}&includeLanded=true`);
    expect(all[0]?.data.map((r) => r[2])).toEqual(['甲园区', '甲园区一号地块', '乙标准化厂房', '乙标准化厂房北侧地块']);
    expect(all[1]?.data.map((r) => r[1])).toEqual(['玉米深加工项目', '已落地项目']);
    const exports = await crm.db.query("SELECT changes FROM audit_log WHERE entity = 'carriers-export' AND actor_id = $1 ORDER BY id", [(await f.adminUser()).id]);
    expect(exports.slice(-2).map((e: { changes: Record<string, { to: unknown }> }) => [e.changes.carriers?.to, e.changes.projects?.to])).toEqual([
      [3, 1],
      [4, 2],
    ]);
    expectAppError(await admin.get('/carriers/xlsx?includeLanded=maybe'), 400, 'VALIDATION_FAILED', 'includeLanded');
  });
});
