import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReportingRules } from './reporting-rules';

const valid = () => ({
  attribution: {
    enterprises_contacted: 'team',
    visits: 'team',
    new_leads: 'team',
    signed_projects: 'landing',
    signed_amount: 'landing',
    projects_registered: 'landing',
    projects_started: 'landing',
    completed_investment: 'landing',
    funds_in_place: 'landing',
  },
  creditSharing: 'agreed_shares',
  pace: { bulletin: 'months', live: 'days' },
  majorProjectMinInvestment: '100000',
  signingReview: { required: true },
  unfulfilled: { registerWithinDays: 60 },
  issuer: '通辽市投资促进中心',
});

describe('loadReportingRules', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reporting-rules-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let n = 0;
  const write = (content: unknown): string => {
    const file = join(dir, `rules-${++n}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it("reads the deployment's config/reporting.json: 通报 count months, live screens days", () => {
    const rules = loadReportingRules();
    expect(rules.pace).toEqual({ bulletin: 'months', live: 'days' });
    expect(rules.attribution.signed_amount).toBe('landing');
    expect(rules.attribution.visits).toBe('team');
    expect(rules.creditSharing).toBe('holder_only');
    expect(rules.signingReview.required).toBe(false);
    expect(rules.unfulfilled.registerWithinDays).toBe(90);
  });

  it('gives 签约未注册 90 days when the file does not say', () => {
    const { unfulfilled: _omitted, ...rest } = valid();
    expect(loadReportingRules(write(rest)).unfulfilled).toEqual({ registerWithinDays: 90 });
  });

  it('keeps exactly the known fields of a valid file', () => {
    expect(loadReportingRules(write({ ...valid(), $comment: 'x' }))).toEqual(valid());
  });

  it.each([
    ['attribution.visits', { attribution: { ...valid().attribution, visits: 'county' } }],
    ['attribution.bogus', { attribution: { ...valid().attribution, bogus: 'team' } }],
    ['attribution.new_leads', { attribution: { ...valid().attribution, new_leads: undefined } }],
    ['creditSharing', { creditSharing: 'half' }],
    ['pace.bulletin', { pace: { bulletin: 'weeks', live: 'days' } }],
    ['majorProjectMinInvestment', { majorProjectMinInvestment: 100000 }],
    ['signingReview.required', { signingReview: { required: 'yes' } }],
    ['unfulfilled.registerWithinDays', { unfulfilled: { registerWithinDays: 0 } }],
    ['unfulfilled.registerWithinDays', { unfulfilled: { registerWithinDays: 30.5 } }],
    ['unfulfilled.registerWithinDays', { unfulfilled: { registerWithinDays: '90' } }],
    ['unfulfilled', { unfulfilled: 90 }],
    ['issuer', { issuer: '  ' }],
  ])('refuses a bad %s, naming the file and the field', (field, change) => {
    const file = write({ ...valid(), ...change });
    expect(() => loadReportingRules(file)).toThrow(file);
    expect(() => loadReportingRules(file)).toThrow(field);
  });

  it('refuses a file that is not JSON', () => {
    const file = write('{ not json');
    expect(() => loadReportingRules(file)).toThrow('cannot be read as JSON');
  });
});
