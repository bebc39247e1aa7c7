import { BUSINESS_UTC_OFFSET } from '../common/time/business-time';
import { InteractionType } from '../interactions/entities/interaction.entity';
import { LeadStage, OPEN_STAGES, PIPELINE } from '../leads/entities/lead-stage';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { DEMO_INTERACTIONS, DemoLead } from './demo-pipeline';

/**
 * When each demo lead was registered and moved, so that the demo reads like the year and more
 * of work it describes rather than one afternoon: funnel stage days, idle leads and monthly
 * new-lead charts mean something.
 *
 * A lead is registered a few days before its team first met the company (its first interaction
 * in the demo log, on the same pair of enterprise and team), never before 2021-09-01; it is
 * contacted days later, visited, and negotiated weeks later — the gaps drawn from a PRNG seeded
 * by the lead's title, so every run (on the same day) dates it the same. The last move falls on
 * a real date: a signing on its signing day (the conference's 31 on 2022-04-27), a lead put
 * aside on the day of the call or visit that brought the news, an open lead on the meeting that
 * took it to its stage (the latest inbound visit for 考察对接, else the log's second-to-last
 * entry). Leads still open are thereby idle exactly as long as their log says: some past the
 * configured idle days (config/pipeline.json), most not.
 */

/** The demo's campaign starts here: nothing is dated before it. */
export const DEMO_EPOCH = '2021-09-01';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface DemoMove {
  to: LeadStage;
  /** The move's moment (ms since the epoch). */
  at: number;
}

export interface DemoLeadTimeline {
  /** Registered (ms since the epoch). */
  createdAt: number;
  /** Every move after registration, in order; a signing's move is its last. */
  moves: DemoMove[];
}

/** mulberry32: a small deterministic PRNG, seeded by a string (FNV-1a). */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (const ch of seed) {
    h ^= ch.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let a = h;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A Beijing date and time as a moment. */
export function beijing(date: string, time = '10:00'): number {
  return Date.parse(`${date}T${time}:00${BUSINESS_UTC_OFFSET}`);
}

/** The moment of a demo interaction's `on` (a date, a date and time, or days before `today`), as the seed writes it. */
export function interactionMoment(on: string | number, today: string): number {
  if (typeof on === 'number') return beijing(today) - on * DAY_MS;
  return on.includes('T') ? beijing(on.slice(0, 10), on.slice(11, 16)) : beijing(on);
}

function teamOf(username: string): string | undefined {
  return DEMO_ACCOUNTS.find((a) => a.username === username)?.team;
}

/**
 * The lead's timeline, given the day of seeding (`YYYY-MM-DD`, Beijing) and the moment of
 * seeding (every date stays before it).
 */
export function demoLeadTimeline(def: DemoLead, today: string, now: number): DemoLeadTimeline {
  const random = seededRandom(def.title);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const team = teamOf(def.owner);
  const signedAt = def.signing ? (def.signing.atEvent ? beijing(def.signing.signedOn, '09:30') : beijing(def.signing.signedOn)) : null;
  // The log of this pair: for a signed lead what came before the signing, for the others the
  // recent entries (days before the seeding; the dated ones are about the pair's signed lead).
  const log = DEMO_INTERACTIONS.filter((i) => i.enterprise === def.enterprise && teamOf(i.by) === team && (signedAt === null ? typeof i.on === 'number' : interactionMoment(i.on, today) < signedAt))
    .map((i) => ({ type: i.type, at: interactionMoment(i.on, today) }))
    .sort((a, b) => a.at - b.at);

  const last = def.stage === LeadStage.Signed ? LeadStage.Negotiating : OPEN_STAGES.includes(def.stage) ? def.stage : (def.reached ?? LeadStage.Lead);
  const path = PIPELINE.slice(1, PIPELINE.indexOf(last) + 1);
  const stages = [...path, ...(def.stage === LeadStage.Signed || def.stage === LeadStage.OnHold || def.stage === LeadStage.Lost ? [def.stage] : [])];

  // When the last move happens (the meeting after it, for an open lead's stage: two hours after it starts).
  let end: number;
  if (signedAt !== null) end = signedAt;
  else if (log.length === 0) end = beijing(today) - Math.round(between(5, 40)) * DAY_MS;
  else if (def.stage === LeadStage.OnHold || def.stage === LeadStage.Lost) end = (log[log.length - 1]?.at as number) + 2 * HOUR_MS;
  else {
    const inbound = log.filter((i) => i.type === InteractionType.InboundVisit).pop();
    const pick = def.stage === LeadStage.SiteVisit && inbound ? inbound : (log[log.length - 2] ?? log[log.length - 1]);
    end = (pick?.at as number) + 2 * HOUR_MS;
  }
  end = Math.min(end, now - 60_000);

  const first = log[0]?.at ?? end - Math.round(between(40, 120)) * DAY_MS;
  const epoch = beijing(DEMO_EPOCH, '09:00');
  const createdAt = Math.max(epoch, Math.min(first, end) - Math.round(between(2, 12)) * DAY_MS - Math.round(between(0, 6)) * HOUR_MS);
  if (stages.length === 0) return { createdAt: Math.min(createdAt, now - 60_000), moves: [] };

  // The moves before the last share the time between registration and the last move: a short
  // wait before the first contact, longer ones before the visit and the negotiation.
  const weight: Partial<Record<LeadStage, number>> = { [LeadStage.Contacted]: 1, [LeadStage.SiteVisit]: 2.5, [LeadStage.Negotiating]: 3, [LeadStage.Signed]: 2, [LeadStage.OnHold]: 2, [LeadStage.Lost]: 2 };
  const gaps = stages.map((s) => (weight[s] ?? 1) * between(0.6, 1.4));
  const total = gaps.reduce((a, b) => a + b, 0);
  const span = end - createdAt;
  let covered = 0;
  const moves = stages.map((to, i) => {
    covered += gaps[i] as number;
    const at = i === stages.length - 1 ? end : createdAt + Math.round((span * covered) / total);
    return { to, at };
  });
  return { createdAt, moves };
}

/** An after-care visit or call of a signed demo lead's team (项目服务): what the demo log has between the 2022 entries and the recent ones. */
export interface DemoAfterCare {
  /** The signed lead, by title. */
  lead: string;
  enterprise: string;
  /** The lead's owner: the interaction is kept for their team. */
  by: string;
  /** County (GB/T 2260) of the project, where a visit takes place. */
  county: string;
  type: InteractionType.Visit | InteractionType.Call;
  /** `YYYY-MM-DD` (Beijing). */
  on: string;
  summary: string;
}

/** After-care stops this many days before the day of seeding: the hand-written recent log takes over. */
const AFTER_CARE_UNTIL_DAYS = 130;

/**
 * The after-care log of every signed demo lead: its team visits or calls the company every
 * three to five months, from three to eight weeks after the signing until about four months
 * before the day of seeding (deterministic: a PRNG seeded by the lead's title). Each entry's
 * summary names its month, so a run finds the ones an earlier run wrote.
 */
export function demoAfterCare(leads: readonly DemoLead[], today: string): DemoAfterCare[] {
  const until = beijing(today) - AFTER_CARE_UNTIL_DAYS * DAY_MS;
  const out: DemoAfterCare[] = [];
  for (const def of leads) {
    if (!def.signing) continue;
    const random = seededRandom(`after-care/${def.title}`);
    let at = beijing(def.signing.signedOn) + Math.round(20 + random() * 40) * DAY_MS;
    while (at < until) {
      const on = new Date(at + 8 * HOUR_MS).toISOString().slice(0, 10);
      const month = `${on.slice(0, 4)}年${Number(on.slice(5, 7))}月`;
      const call = random() < 0.3;
      out.push({
        lead: def.title,
        enterprise: def.enterprise,
        by: def.owner,
        county: def.county,
        type: call ? InteractionType.Call : InteractionType.Visit,
        on,
        summary: call
          ? `项目服务电话回访（${month}）：了解「${def.title}」建设运营进度和下一步资金、用工计划。`
          : `项目服务走访（${month}）：到「${def.title}」现场了解推进情况，协调解决用地、用电、用工等问题。`,
      });
      at += Math.round(90 + random() * 60) * DAY_MS;
    }
  }
  return out;
}
