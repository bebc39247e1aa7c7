import { LeadStage, PIPELINE } from '../leads/entities/lead-stage';
import { DEMO_LEADS, DEMO_SIGNING_EVENT } from './demo-pipeline';
import { DEMO_EPOCH, demoAfterCare, demoLeadTimeline, seededRandom } from './demo-timeline';

const TODAY = '2026-12-07';
const NOW = Date.parse('2026-12-07T09:00:00Z'); // 17:00 in Beijing
const DAY_MS = 86_400_000;

describe('demo lead timelines', () => {
  const timelines = DEMO_LEADS.map((def) => ({ def, t: demoLeadTimeline(def, TODAY, NOW) }));

  it('are the same on every run: the PRNG is seeded, never Math.random', () => {
    const spy = jest.spyOn(Math, 'random');
    const again = DEMO_LEADS.map((def) => demoLeadTimeline(def, TODAY, NOW));
    expect(again).toEqual(timelines.map((x) => x.t));
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    const a = seededRandom('x');
    const b = seededRandom('x');
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('register every lead from 2021-09-01 on and move it forward one stage at a time, each move after the last, none after now', () => {
    const epoch = Date.parse(`${DEMO_EPOCH}T00:00:00+08:00`);
    for (const { def, t } of timelines) {
      const times = [t.createdAt, ...t.moves.map((m) => m.at)];
      expect({ title: def.title, ordered: times.every((x, i) => i === 0 || x > (times[i - 1] as number)), fromEpoch: t.createdAt >= epoch, beforeNow: times.every((x) => x < NOW) }).toEqual({
        title: def.title,
        ordered: true,
        fromEpoch: true,
        beforeNow: true,
      });
      const last = def.stage === LeadStage.Signed ? LeadStage.Negotiating : def.reached ?? (PIPELINE.includes(def.stage) ? def.stage : LeadStage.Lead);
      const path = PIPELINE.slice(1, PIPELINE.indexOf(last) + 1);
      expect({ title: def.title, moves: t.moves.map((m) => m.to) }).toEqual({ title: def.title, moves: PIPELINE.includes(def.stage) && def.stage !== LeadStage.Signed ? path : [...path, def.stage] });
    }
  });

  it('sign on the real signing days: the conference’s 31 at 09:30 on 2022-04-27 in Beijing', () => {
    const conference = timelines.filter(({ def }) => def.signing?.atEvent);
    expect(conference).toHaveLength(DEMO_SIGNING_EVENT.projectCount);
    for (const { t } of conference) expect(new Date(t.moves[t.moves.length - 1]?.at as number).toISOString()).toBe('2022-04-27T01:30:00.000Z');
    const chuangyuan = timelines.find(({ def }) => def.title.startsWith('创源'));
    expect(new Date(chuangyuan?.t.moves.at(-1)?.at as number).toISOString()).toBe('2021-09-28T02:00:00.000Z');
  });

  it('spread registrations over many months, and stage stays over days, not minutes', () => {
    const months = new Set(timelines.map(({ t }) => new Date(t.createdAt + 8 * 3_600_000).toISOString().slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(6);
    const stays = timelines.flatMap(({ t }) => t.moves.map((m, i) => (m.at - (i === 0 ? t.createdAt : (t.moves[i - 1]?.at as number))) / DAY_MS));
    const sorted = [...stays].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThan(3);
  });

  it('log after-care for every signed lead from a few weeks after its signing to about four months ago, every few months, each summary once', () => {
    const care = demoAfterCare(DEMO_LEADS, TODAY);
    const signed = DEMO_LEADS.filter((l) => l.signing);
    expect(new Set(care.map((c) => c.lead))).toEqual(new Set(signed.map((l) => l.title)));
    for (const c of care) {
      const signedOn = signed.find((l) => l.title === c.lead)?.signing?.signedOn as string;
      const days = (Date.parse(c.on) - Date.parse(signedOn)) / DAY_MS;
      expect({ lead: c.lead, on: c.on, afterSigning: days >= 20, beforeRecent: Date.parse(c.on) < Date.parse(TODAY) - 129 * DAY_MS }).toEqual({ lead: c.lead, on: c.on, afterSigning: true, beforeRecent: true });
    }
    expect(new Set(care.map((c) => `${c.enterprise}/${c.by}/${c.summary}`)).size).toBe(care.length);
    // Every month from June 2022 to four months ago has some.
    const months = new Set(care.map((c) => c.on.slice(0, 7)));
    for (let m = Date.UTC(2022, 5, 1); m < Date.parse('2026-07-01'); m = Date.UTC(new Date(m).getUTCFullYear(), new Date(m).getUTCMonth() + 1, 1)) {
      expect({ month: new Date(m).toISOString().slice(0, 7), logged: months.has(new Date(m).toISOString().slice(0, 7)) }).toEqual({ month: new Date(m).toISOString().slice(0, 7), logged: true });
    }
    expect(demoAfterCare(DEMO_LEADS, TODAY)).toEqual(care);
    expect(care.length).toBeLessThan(600);
  });
});
