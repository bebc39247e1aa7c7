import { ProjectLifecycle } from './entities/project-enums';
import { addMonths, isFutureMonth, nodeStatus, normaliseProjectName, paceOf, parseMonth, percent, projectDateIssues } from './project-rules';

describe('parseMonth', () => {
  it('reads YYYY-MM as the first day of the month', () => {
    expect(parseMonth('2022-06')).toEqual({ year: 2022, month: 6, firstDay: '2022-06-01' });
    expect(parseMonth('2022-12')).toEqual({ year: 2022, month: 12, firstDay: '2022-12-01' });
  });

  it.each(['2022-13', '2022-00', '2022-6', '22-06', '2022-06-01', '2022/06', '', '1999-12', '2101-01', ' 2022-06'])('refuses %p', (v) => {
    expect(parseMonth(v)).toBeNull();
  });
});

describe('isFutureMonth (Beijing time)', () => {
  const month = (v: string) => parseMonth(v) as NonNullable<ReturnType<typeof parseMonth>>;

  it('the current and past months are reportable, the next one is not', () => {
    const now = new Date('2022-06-15T04:00:00Z');
    expect(isFutureMonth(month('2022-06'), now)).toBe(false);
    expect(isFutureMonth(month('2021-12'), now)).toBe(false);
    expect(isFutureMonth(month('2022-07'), now)).toBe(true);
  });

  it('at 00:30 on 1 July in Beijing (16:30 UTC on 30 June) July is already the current month', () => {
    expect(isFutureMonth(month('2022-07'), new Date('2022-06-30T16:30:00Z'))).toBe(false);
    expect(isFutureMonth(month('2022-07'), new Date('2022-06-30T15:59:00Z'))).toBe(true);
  });
});

describe('addMonths', () => {
  it('crosses year boundaries both ways', () => {
    expect(addMonths('2022-01-01', -2)).toBe('2021-11-01');
    expect(addMonths('2022-11-01', 2)).toBe('2023-01-01');
    expect(addMonths('2022-03-01', -14)).toBe('2021-01-01');
  });
});

describe('序时进度 against the plan (超序时 / 滞后)', () => {
  it('40% done when half the year is gone is behind by the difference', () => {
    // 2022-07-02 is day 183 of 365: 50.14% of the year gone (the shared pace, period.spec.ts).
    expect(paceOf(40, 50.14)).toEqual({ aheadByPoints: -10.14, pace: 'behind' });
    expect(paceOf(60, 50)).toEqual({ aheadByPoints: 10, pace: 'ahead' });
    expect(paceOf(50, 50)).toEqual({ aheadByPoints: 0, pace: 'on_pace' });
    expect(paceOf(null, 50)).toEqual({ aheadByPoints: null, pace: null });
  });
});

describe('percent', () => {
  it('rounds half up to two decimals from exact integers', () => {
    expect(percent(11000n, 8000n)).toBe(137.5);
    expect(percent(1n, 3n)).toBe(33.33);
    expect(percent(2n, 3n)).toBe(66.67);
    expect(percent(1n, 8n)).toBe(12.5);
    expect(percent(1n, 80000n)).toBe(0); // 0.00125% rounds to 0.00
    expect(percent(1n, 0n)).toBeNull();
    expect(percent(-1n, 3n)).toBe(-33.33);
  });
});

describe('node colours', () => {
  const now = new Date('2022-06-15T04:00:00Z'); // 12:00 on 15 June in Beijing
  const at = (node: ProjectLifecycle, plannedOn: string | null, doneOn: string | null = null, lifecycle = ProjectLifecycle.Signed) =>
    nodeStatus({ node, plannedOn, doneOn }, lifecycle, now);

  it('done with an actual date, or once the project is past the node', () => {
    expect(at(ProjectLifecycle.Construction, '2022-01-01', '2022-03-01')).toBe('done');
    expect(at(ProjectLifecycle.Construction, '2022-01-01', null, ProjectLifecycle.Construction)).toBe('done');
    expect(at(ProjectLifecycle.Registered, null, null, ProjectLifecycle.Operating)).toBe('done');
  });

  it('前期手续 is not done while the project is still in it', () => {
    expect(at(ProjectLifecycle.Preparation, '2022-06-30', null, ProjectLifecycle.Preparation)).toBe('on_track');
    expect(at(ProjectLifecycle.Preparation, '2022-06-30', null, ProjectLifecycle.Construction)).toBe('done');
  });

  it('a stalled project reaches nothing by its stage', () => {
    expect(at(ProjectLifecycle.Construction, '2022-06-01', null, ProjectLifecycle.Stalled)).toBe('overdue');
  });

  it('overdue after the planned day ends in Beijing, due soon within 48 hours, else on track', () => {
    expect(at(ProjectLifecycle.Construction, '2022-06-14')).toBe('overdue');
    expect(at(ProjectLifecycle.Construction, '2022-06-15')).toBe('due_soon'); // 12 h left
    expect(at(ProjectLifecycle.Construction, '2022-06-16')).toBe('due_soon'); // 36 h left
    expect(at(ProjectLifecycle.Construction, '2022-06-17')).toBe('on_track'); // 60 h left
    expect(at(ProjectLifecycle.Construction, null)).toBe('unscheduled');
  });

  it('exactly 48 hours left is due soon; the first instant after the day is overdue', () => {
    const plannedOn = '2022-06-16';
    const endOfDay = Date.parse('2022-06-16T16:00:00Z'); // 2022-06-17 00:00 Beijing
    expect(nodeStatus({ node: ProjectLifecycle.Operating, plannedOn, doneOn: null }, ProjectLifecycle.Signed, new Date(endOfDay - 2 * 86_400_000))).toBe('due_soon');
    expect(nodeStatus({ node: ProjectLifecycle.Operating, plannedOn, doneOn: null }, ProjectLifecycle.Signed, new Date(endOfDay - 2 * 86_400_000 - 1))).toBe('on_track');
    expect(nodeStatus({ node: ProjectLifecycle.Operating, plannedOn, doneOn: null }, ProjectLifecycle.Signed, new Date(endOfDay))).toBe('overdue');
  });
});

describe('normaliseProjectName (重复录入判断)', () => {
  it.each([
    ['经安一期镍铁合金项目', '经安一期镍铁合金'],
    ['  经安一期镍铁合金  ', '经安一期镍铁合金'],
    ['经安 一期　镍铁合金项目', '经安一期镍铁合金'],
    ['经安（一期）镍铁合金', '经安(一期)镍铁合金'],
    ['ＡＢＣ１２３光伏', 'abc123光伏'],
    ['Solar   Park  Phase 2', 'solar park phase 2'],
    ['项目', '项目'],
  ])('%p reads as %p', (input, expected) => {
    expect(normaliseProjectName(input)).toBe(expected);
  });

  it('keeps what changes the project: phases, 有限公司, 扩建', () => {
    expect(normaliseProjectName('经安二期镍铁合金项目')).not.toBe(normaliseProjectName('经安一期镍铁合金项目'));
    expect(normaliseProjectName('经安镍铁扩建项目')).not.toBe(normaliseProjectName('经安镍铁项目'));
    expect(normaliseProjectName('经安有限公司项目')).not.toBe(normaliseProjectName('经安项目'));
  });
});

describe('projectDateIssues', () => {
  const none = { registeredOn: null, plannedStartOn: null, startedOn: null, plannedCompletionOn: null, completedOn: null };
  const today = '2026-12-07';

  it('accepts consistent dates, actual ones up to today', () => {
    expect(projectDateIssues({ ...none, plannedStartOn: '2026-01-01', plannedCompletionOn: '2027-01-01', startedOn: '2026-12-07' }, today)).toEqual([]);
  });

  it('names each contradiction, in Chinese', () => {
    expect(projectDateIssues({ ...none, plannedStartOn: '2027-01-01', plannedCompletionOn: '2026-01-01', startedOn: '2026-05-01', completedOn: '2026-04-01', registeredOn: '2026-12-08' }, today)).toEqual([
      { field: 'plannedCompletionOn', message: '计划竣工日期不能早于计划开工日期' },
      { field: 'completedOn', message: '竣工日期不能早于开工日期' },
      { field: 'registeredOn', message: '注册日期是实际发生的日期，不能晚于今天（2026-12-08）' },
    ]);
  });
});
