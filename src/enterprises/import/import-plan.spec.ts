import { normalizeEnterpriseName } from '../enterprise-name';
import { EnterpriseTag } from '../entities/enterprise.entity';
import { ImportPlan } from './import-plan';
import { ImportRow } from './import-rows';

let nextRow = 2;
function row(fields: Partial<ImportRow> & { name: string }): ImportRow {
  return {
    row: nextRow++,
    normalizedName: normalizeEnterpriseName(fields.name),
    shortName: null,
    creditCode: null,
    checksumOverridden: false,
    industryChainId: null,
    hqProvince: null,
    hqCity: null,
    tags: [],
    foundedOn: null,
    notes: null,
    contact: null,
    ...fields,
  };
}

const existing = {
  id: 'e1',
  archived: false,
  name: '梅花生物科技集团股份有限公司',
  normalizedName: normalizeEnterpriseName('梅花生物科技集团股份有限公司'),
  shortName: null,
  creditCode: '91152201078371135X',
  creditCodeChecksumOverridden: false,
  industryChainId: null,
  hqProvince: '内蒙古自治区',
  hqCity: null,
  tags: [EnterpriseTag.Listed],
  foundedOn: '2002-04-27',
  notes: null,
};

describe('ImportPlan', () => {
  it('matches by credit code first, then by normalised name, and only fills empty fields', () => {
    const plan = new ImportPlan(true);
    plan.addExisting([{ ...existing }]);
    const byCode = plan.apply(row({ name: '梅花生物', creditCode: '91152201078371135X', shortName: '梅花', foundedOn: '2001-01-01', hqProvince: '内蒙古自治区', hqCity: '通辽市' }));
    expect(byCode).toMatchObject({ kind: 'updated', enterprise: { id: 'e1', shortName: '梅花', foundedOn: '2002-04-27', hqCity: '通辽市' } });
    if (byCode.kind === 'error') throw new Error('unexpected');
    expect(byCode.warnings.map((w) => w.message).join()).toMatch(/名称不同.*成立日期/s);
    const byName = plan.apply(row({ name: '梅花生物科技集团有限公司', notes: '玉米' }));
    expect(byName).toMatchObject({ kind: 'updated', enterprise: { id: 'e1', notes: '玉米' } });
    expect(plan.apply(row({ name: '梅花生物科技集团有限公司', notes: '玉米' }))).toMatchObject({ kind: 'unchanged' });
    const changes = plan.takeChanges();
    expect(changes.created).toEqual([]);
    // One before-snapshot per enterprise per batch, taken at its first change.
    expect([...changes.updated.values()]).toEqual([expect.objectContaining({ shortName: null, notes: null, hqCity: null })]);
  });

  it('refuses a row whose name is taken by an enterprise with another credit code', () => {
    const plan = new ImportPlan(false);
    plan.addExisting([{ ...existing }]);
    expect(plan.apply(row({ name: '梅花生物科技集团有限公司', creditCode: '91110000600037341L' }))).toMatchObject({
      kind: 'error',
      error: { message: expect.stringContaining('信用代码不同') },
    });
  });

  it('an enterprise created by an earlier row is matched like one in the database', () => {
    const plan = new ImportPlan(true);
    const first = plan.apply(row({ name: '兴固新材料有限公司' }));
    expect(first.kind).toBe('created');
    expect(plan.apply(row({ name: '兴固新材料股份有限公司', creditCode: '91110000600037341L' }))).toMatchObject({ kind: 'updated' });
    expect(plan.apply(row({ name: '兴固（通辽）', creditCode: '91110000600037341L' }))).toMatchObject({ kind: 'unchanged' });
    const changes = plan.takeChanges();
    expect(changes.created).toHaveLength(1);
    expect(changes.created[0]).toMatchObject({ creditCode: '91110000600037341L' });
    expect(changes.updated.size).toBe(0); // not in the database yet: the insert carries the filled fields
  });

  it('adds a contact once per (enterprise, name, mobile), and never one the database has', () => {
    const plan = new ImportPlan(true);
    plan.addExisting([{ ...existing }]);
    plan.addContacts([{ enterpriseId: 'e1', name: '王经理', mobile: '13912345678' }]);
    const contact = (name: string, mobile: string | null) => ({ name, mobile, title: null, landline: null, email: null, wechat: null });
    const add = (name: string, mobile: string | null) => plan.apply(row({ name: existing.name, contact: contact(name, mobile) }));
    expect(add('王经理', '13912345678')).toMatchObject({ contactCreated: false });
    expect(add('王经理', null)).toMatchObject({ contactCreated: true });
    expect(add('王经理', null)).toMatchObject({ contactCreated: false });
    expect(add('赵主任', '13812345678')).toMatchObject({ contactCreated: true });
    expect(plan.takeChanges().contacts.map((c) => c.contact.name)).toEqual(['王经理', '赵主任']);
  });
});
