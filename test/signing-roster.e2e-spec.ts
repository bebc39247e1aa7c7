import type { Test } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/auth-user';
import { DEMO_PASSWORDS } from '../src/seeds/demo-accounts';
import { DEMO_SIGNING_EVENT } from '../src/seeds/demo-pipeline';
import { seedTongliao } from '../src/seeds/tongliao';
import { expectAppError } from './harness/crm-factories';
import { binary, readXlsx } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

type Item = {
  seq: number;
  signingId: string;
  projectName: string;
  enterprise: { name: string };
  amount: string;
  kindLabel: string;
  landingRegionUnit: { name: string };
  industryChain: { name: string } | null;
  team: { name: string };
  reviewStatusLabel: string;
  counted: boolean;
};
type Roster = { event: { id: string; name: string; heldOn: string; totalAmount: string }; items: Item[]; total: { signings: number; amount: string; amountYi: string }; counted: { signings: number; amount: string; amountYi: string } };

/** Σ of 万元 decimal strings in ten-thousandths, by hand (BigInt), as a decimal string. */
/** A 万元 decimal string in ten-thousandths, by hand (BigInt). */
function unitsByHand(a: string): bigint {
  const [whole, frac = ''] = a.split('.');
  return BigInt(whole as string) * 10000n + BigInt(frac.padEnd(4, '0'));
}

function sumByHand(amounts: string[]): string {
  const units = amounts.reduce((s, a) => s + unitsByHand(a), 0n);
  const frac = (units % 10000n).toString().padStart(4, '0').replace(/0+$/, '');
  return `${units / 10000n}${frac ? `.${frac}` : ''}`;
}

describe('网签项目清单 (GET /signing-events/:id/roster and .xlsx) on the demo conference', () => {
  let t: TestApp;
  let admin: string;
  let eventId: string;
  const token = async (username: string, password: string): Promise<string> => (await t.http().post('/api/v1/auth/login').send({ username, password }).expect(200)).body.accessToken as string;
  const get = (url: string, bearer: string) => t.http().get(`/api/v1${url}`).set('Authorization', `Bearer ${bearer}`);
  const xlsxOf = (req: Test) => req.buffer(true).parse(binary).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    await seedTongliao(t.app);
    admin = await token('admin-zsj', DEMO_PASSWORDS[Role.Admin]);
    const events = (await get('/signing-events?year=2022', admin).expect(200)).body.items as Array<{ id: string; name: string }>;
    eventId = (events.find((e) => e.name === DEMO_SIGNING_EVENT.name) as { id: string }).id;
  }, 240_000);
  afterAll(() => t.close());

  it('lists the 31 signings of 2022-04-27 with their 认定状态, 5919500万元 = 591.95亿元 to the digit', async () => {
    const body = (await get(`/signing-events/${eventId}/roster`, admin).expect(200)).body as Roster;
    expect(body.event).toMatchObject({ name: '2022年春季网签大会', heldOn: '2022-04-27', totalAmount: '5919500' });
    expect(body.items).toHaveLength(31);
    expect(body.items.map((i) => i.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(sumByHand(body.items.map((i) => i.amount))).toBe('5919500');
    expect(body.total).toEqual({ signings: 31, amount: '5919500', amountYi: '591.95' });
    // The demo does not ask for 项目认定: every signing counted as recorded.
    expect(body.counted).toEqual(body.total);
    expect(new Set(body.items.map((i) => i.reviewStatusLabel))).toEqual(new Set(['无需认定']));
    for (const i of body.items) {
      expect(i.enterprise.name).not.toBe('');
      expect(i.landingRegionUnit.name).not.toBe('');
      expect(i.team.name).not.toBe('');
    }
  });

  it('.xlsx: every cell equal to the JSON roster, the 合计 in 万元 and 亿元, audited', async () => {
    const json = (await get(`/signing-events/${eventId}/roster`, admin).expect(200)).body as Roster;
    const res = await xlsxOf(get(`/signing-events/${eventId}/roster.xlsx`, admin));
    expect(res.headers['content-disposition']).toContain(`filename="signing-roster-2022-04-27.xlsx"`);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('2022年春季网签大会签约项目清单.xlsx'));
    const { sheet } = await readXlsx(res.body as Buffer);
    const row = (n: number) => Array.from({ length: 9 }, (_, i) => sheet.getRow(n).getCell(i + 1).value ?? null);
    expect(sheet.getCell('A1').value).toBe('2022年春季网签大会签约项目清单');
    expect(String(sheet.getCell('A2').value)).toContain('签约日期：2022-04-27');
    expect(String(sheet.getCell('A2').value)).toContain('签约额 591.95 亿元');
    expect(sheet.getCell('A3').value).toBe('金额单位：万元');
    expect(row(4)).toEqual(['序号', '项目名称', '投资方', '签约额（万元）', '签约类型', '落地旗县区', '所属产业链', '招商队', '认定状态']);
    json.items.forEach((i, k) =>
      expect(row(5 + k)).toEqual([i.seq, i.projectName, i.enterprise.name, Number(i.amount), i.kindLabel, i.landingRegionUnit.name, i.industryChain?.name ?? null, i.team.name, i.reviewStatusLabel]),
    );
    expect(row(36)).toEqual(['合计', '31笔', null, 5919500, null, null, null, null, null]);
    expect(sheet.getRow(36).getCell(4).numFmt).toBe('#,##0');
    expect(sheet.getRow(37).getCell(1).value ?? null).toBeNull();
    expect(sheet.getRow(38).getCell(1).value).toBe('签约额合计 5919500 万元，即 591.95 亿元。');
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '4:4' });
    const [entry] = await t.app.get(DataSource).query(`SELECT changes->'rows'->>'to' AS rows, changes->'signingEventId'->>'to' AS event FROM audit_log WHERE entity = 'signing-roster-export' ORDER BY at DESC LIMIT 1`);
    expect(entry).toEqual({ rows: '31', event: eventId });
  });

  it('sort=amount: largest first (ties as registered), 序号 following that order, the .xlsx in the same order', async () => {
    const registered = (await get(`/signing-events/${eventId}/roster`, admin).expect(200)).body as Roster;
    const byAmount = (await get(`/signing-events/${eventId}/roster?sort=amount`, admin).expect(200)).body as Roster;
    // The order by hand: plain SQL over the event's signings.
    const expected: Array<{ id: string }> = await t.app.get(DataSource).query(`SELECT id FROM signings WHERE signing_event_id = $1 ORDER BY amount DESC, created_at, id`, [eventId]);
    expect(byAmount.items.map((i) => i.signingId)).toEqual(expected.map((r) => r.id));
    expect(byAmount.items.map((i) => i.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    for (let k = 1; k < byAmount.items.length; k++) expect(unitsByHand(byAmount.items[k - 1]!.amount) >= unitsByHand(byAmount.items[k]!.amount)).toBe(true);
    expect(byAmount.total).toEqual(registered.total);
    expect(new Set(byAmount.items.map((i) => i.signingId))).toEqual(new Set(registered.items.map((i) => i.signingId)));
    const { sheet } = await readXlsx((await xlsxOf(get(`/signing-events/${eventId}/roster.xlsx?sort=amount`, admin))).body as Buffer);
    byAmount.items.forEach((i, k) => expect([sheet.getRow(5 + k).getCell(1).value, sheet.getRow(5 + k).getCell(2).value, sheet.getRow(5 + k).getCell(4).value]).toEqual([i.seq, i.projectName, Number(i.amount)]));
    const bad = await get(`/signing-events/${eventId}/roster?sort=size`, admin).expect(400);
    expect(JSON.stringify(bad.body)).toContain('sort');
  });

  it('签约活动一览 .xlsx: the year’s events by total with 序号 and the 合计, as the JSON list has them, audited', async () => {
    type Ev = { name: string; heldOn: string; projectCount: number; signingCount: number; totalAmount: string };
    const listed = (await get('/signing-events?year=2022&limit=100', admin).expect(200)).body.items as Ev[];
    // Largest total first, by hand on BigInt; ties latest first.
    const expected = [...listed].sort((a, b) => (unitsByHand(b.totalAmount) === unitsByHand(a.totalAmount) ? b.heldOn.localeCompare(a.heldOn) : unitsByHand(b.totalAmount) > unitsByHand(a.totalAmount) ? 1 : -1));
    const res = await xlsxOf(get('/signing-events/xlsx?year=2022&sort=amount', admin));
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('2022年签约活动一览.xlsx'));
    const { sheet } = await readXlsx(res.body as Buffer);
    expect(sheet.getCell('A1').value).toBe('2022年签约活动一览');
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual(['序号', '活动名称', '举办日期', '方式', '地点', '签约项目数', '签约笔数', '签约总额（万元）']);
    expected.forEach((e, k) => {
      const row = sheet.getRow(5 + k);
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(6).value, row.getCell(7).value, row.getCell(8).value]).toEqual([k + 1, e.name, e.projectCount, e.signingCount, Number(e.totalAmount)]);
    });
    const totalRow = sheet.getRow(5 + expected.length);
    expect(totalRow.getCell(1).value).toBe('合计');
    expect(totalRow.getCell(8).value).toBe(Number(sumByHand(expected.map((e) => e.totalAmount))));
    expect(listed.some((e) => e.totalAmount === '5919500')).toBe(true);
    const [entry] = await t.app.get(DataSource).query(`SELECT changes->'rows'->>'to' AS rows FROM audit_log WHERE entity = 'signing-events-export' ORDER BY at DESC LIMIT 1`);
    expect(entry).toEqual({ rows: String(expected.length) });
    expectAppError(await get('/signing-events/xlsx?sort=size', admin), 400, 'VALIDATION_FAILED', 'sort');
  });

  it("shows a member only their scope's signings, totalled over what they see", async () => {
    const member = await token('alatancang', DEMO_PASSWORDS[Role.Member]);
    const all = (await get(`/signing-events/${eventId}/roster`, admin).expect(200)).body as Roster;
    const mine = (await get(`/signing-events/${eventId}/roster`, member).expect(200)).body as Roster;
    expect(mine.items.length).toBeLessThan(all.items.length);
    expect(mine.items.every((i) => all.items.some((a) => a.projectName === i.projectName && a.amount === i.amount))).toBe(true);
    expect(mine.total.amount).toBe(sumByHand(mine.items.map((i) => i.amount)));
  });

  it('lists a signing still awaiting 项目认定 as 待认定, in the list total but not in the counted one', async () => {
    const db = t.app.get(DataSource);
    const before = (await get(`/signing-events/${eventId}/roster`, admin).expect(200)).body as Roster;
    const [waiting] = await db.query(`SELECT id, amount::text AS amount FROM signings WHERE signing_event_id = $1 ORDER BY created_at, id LIMIT 1`, [eventId]);
    await db.query(`UPDATE signings SET review_status = 'pending' WHERE id = $1`, [waiting.id]);
    try {
      const body = (await get(`/signing-events/${eventId}/roster`, admin).expect(200)).body as Roster;
      expect(body.items.find((i) => i.signingId === waiting.id)).toMatchObject({ reviewStatusLabel: '待认定', counted: false });
      expect(body.total).toEqual(before.total);
      expect(body.counted.signings).toBe(30);
      expect(body.counted.amount).toBe(sumByHand(body.items.filter((i) => i.counted).map((i) => i.amount)));
      const { sheet } = await readXlsx((await xlsxOf(get(`/signing-events/${eventId}/roster.xlsx`, admin))).body as Buffer);
      expect(String(sheet.getRow(39).getCell(1).value)).toBe(`其中已认定、计入签约统计的 30 笔，${body.counted.amount} 万元（${body.counted.amountYi} 亿元）；待认定或不予认定的签约不计入。`);
    } finally {
      await db.query(`UPDATE signings SET review_status = 'approved' WHERE id = $1`, [waiting.id]);
    }
  });

  it('answers 404 for an unknown event and 400 for a bad id', async () => {
    expectAppError(await get('/signing-events/00000000-0000-4000-8000-000000000000/roster', admin), 404, 'NOT_FOUND');
    expectAppError(await get('/signing-events/00000000-0000-4000-8000-000000000000/roster.xlsx', admin), 404, 'NOT_FOUND');
    expect((await get('/signing-events/not-an-id/roster', admin)).status).toBe(400);
  });
});
