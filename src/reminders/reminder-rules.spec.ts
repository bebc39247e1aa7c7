import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReminderRules } from './reminder-rules';

const valid = () => ({
  followUpEscalateAfterDays: 3,
  responseRules: [
    {
      name: '1亿元及以上重大线索',
      minIntendedAmount: '10000',
      steps: [{ key: 'respond', label: '登记响应', withinDays: 1, doneAtStage: 'lead', needsInteraction: true }],
      progressEveryDays: 14,
    },
  ],
});

describe('loadReminderRules', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reminder-rules-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let n = 0;
  const write = (content: unknown): string => {
    const file = join(dir, `rules-${++n}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it("reads the deployment's config/reminders.json", () => {
    const rules = loadReminderRules();
    expect(rules.followUpEscalateAfterDays).toBeGreaterThan(0);
    expect(rules.responseRules.map((r) => r.minIntendedAmount)).toEqual(['10000', '100000']);
    expect(rules.responseRules[0]?.steps.map((s) => [s.key, s.withinDays])).toEqual([
      ['respond', 1],
      ['assess', 3],
      ['feedback', 7],
    ]);
  });

  it('reads a valid file as it is', () => {
    expect(loadReminderRules(write(valid()))).toEqual(valid());
  });

  const broken: Array<[string, (r: ReturnType<typeof valid>) => unknown, string]> = [
    ['no escalation delay', (r) => ({ ...r, followUpEscalateAfterDays: undefined }), 'followUpEscalateAfterDays'],
    ['a zero escalation delay', (r) => ({ ...r, followUpEscalateAfterDays: 0 }), 'followUpEscalateAfterDays'],
    ['an escalation delay as text', (r) => ({ ...r, followUpEscalateAfterDays: '3' }), 'followUpEscalateAfterDays'],
    ['rules that are not a list', (r) => ({ ...r, responseRules: {} }), 'responseRules'],
    ['an amount as a number', (r) => ({ ...r, responseRules: [{ ...r.responseRules[0], minIntendedAmount: 10000 }] }), 'responseRules[0].minIntendedAmount'],
    ['an amount in 亿元 words', (r) => ({ ...r, responseRules: [{ ...r.responseRules[0], minIntendedAmount: '1亿' }] }), 'responseRules[0].minIntendedAmount'],
    ['no progress period', (r) => ({ ...r, responseRules: [{ ...r.responseRules[0], progressEveryDays: 0 }] }), 'responseRules[0].progressEveryDays'],
    ['a step without a key', (r) => ({ ...r, responseRules: [{ ...r.responseRules[0], steps: [{ ...r.responseRules[0]?.steps[0], key: '' }] }] }), 'responseRules[0].steps[0]'],
    ['a step with a negative deadline', (r) => ({ ...r, responseRules: [{ ...r.responseRules[0], steps: [{ ...r.responseRules[0]?.steps[0], withinDays: -1 }] }] }), 'responseRules[0].steps[0]'],
    ['a step done at an unknown stage', (r) => ({ ...r, responseRules: [{ ...r.responseRules[0], steps: [{ ...r.responseRules[0]?.steps[0], doneAtStage: 'won' }] }] }), 'responseRules[0].steps[0].doneAtStage'],
    ['a step done at a side state', (r) => ({ ...r, responseRules: [{ ...r.responseRules[0], steps: [{ ...r.responseRules[0]?.steps[0], doneAtStage: 'on_hold' }] }] }), 'responseRules[0].steps[0].doneAtStage'],
    ['a rule without steps', (r) => ({ ...r, responseRules: [{ ...r.responseRules[0], steps: undefined }] }), 'responseRules[0].steps'],
    ['a rule that is not an object', (r) => ({ ...r, responseRules: ['1亿元'] }), 'responseRules[0]'],
  ];

  it.each(broken)('refuses %s, naming the file and the value', (_what, edit, path) => {
    const file = write(edit(valid()));
    expect(() => loadReminderRules(file)).toThrow(file);
    expect(() => loadReminderRules(file)).toThrow(path);
  });

  it.each([
    ['not JSON', '{ followUpEscalateAfterDays: 3 }'],
    ['empty', ''],
    ['null', 'null'],
    ['a list', '[]'],
  ])('refuses a file that is %s, naming the file', (_what, content) => {
    const file = write(content);
    expect(() => loadReminderRules(file)).toThrow(file);
  });

  it('refuses a missing file, naming it', () => {
    const file = join(dir, 'missing.json');
    expect(() => loadReminderRules(file)).toThrow(file);
  });
});
