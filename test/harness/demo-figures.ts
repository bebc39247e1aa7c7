import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DEMO_LEADS, DEMO_SIGNING_EVENT } from '../../src/seeds/demo-pipeline';
import { DEMO_PROJECTS, isDirect } from '../../src/seeds/demo-registry';

/**
 * What the seeded demo must show however it was loaded (alone, or while a service's workers
 * rolled the signings up first), each figure read with plain SQL or through the API and
 * compared with what demo-pipeline.ts / demo-registry.ts say by hand.
 */
export interface DemoFigures {
  /** Projects with an actual start date (开工), by name. */
  started: string[];
  /** Rolled-up demo projects whose profile (level, lifecycle) is not the demo's. */
  profilesMissing: string[];
  threeUn: { notStarted: number; startedNotBuilding: number; notCompleted: number };
  /** Funnel: median days in each stage left (API). */
  medianDays: Record<string, string | null>;
  /** Open demo leads idle past their stage's idle days (config/pipeline.json), by plain SQL. */
  idle: string[];
  openLeads: number;
  /** Months from 2022-01 to this month (Beijing) without a single interaction logged. */
  quietMonths: string[];
  /** Months (Beijing) in which demo leads were registered. */
  leadMonths: string[];
  earliestLead: string;
  /** Conference signings' stage moves, as Beijing date and time. */
  conferenceMoves: string[];
  /** Stage changes whose days_in_from_stage differs from the time since the lead's previous change. */
  inconsistentStays: number;
  /** Trigger-kept totals versus a GROUP BY over the leads (rows that differ). */
  totalsDrift: number;
  /** team_month_metrics' new leads versus a plain count per month (months that differ). */
  newLeadsDrift: number;
}

/** The demo's expectations, from its definition files. */
export const EXPECTED = {
  started: DEMO_PROJECTS.filter((p) => p.nodes.construction?.done).map((p) => (isDirect(p) ? p.name : p.lead)).sort(),
  conferenceMoves: Array.from({ length: DEMO_SIGNING_EVENT.projectCount }, () => '2022-04-27 09:30'),
  openLeads: DEMO_LEADS.filter((l) => ['lead', 'contacted', 'site_visit', 'negotiating'].includes(l.stage)).length,
};

export async function demoFigures(db: DataSource, get: (url: string) => Promise<{ body: unknown }>): Promise<DemoFigures> {
  const q = <T>(sql: string, params: unknown[] = []) => db.query(sql, params) as Promise<T[]>;
  const started = (await q<{ name: string }>('SELECT name FROM projects WHERE started_on IS NOT NULL ORDER BY name')).map((r) => r.name).sort();
  const rolled = DEMO_PROJECTS.filter((p) => !isDirect(p)) as Array<(typeof DEMO_PROJECTS)[number] & { lead: string }>;
  const profiles = await q<{ name: string; level: string; lifecycle: string }>('SELECT name, level::text, lifecycle::text FROM projects WHERE name = ANY($1)', [rolled.map((p) => p.lead)]);
  const profilesMissing = rolled.filter((p) => !profiles.some((r) => r.name === p.lead && r.level === p.level && r.lifecycle === p.lifecycle)).map((p) => p.lead);

  const threeUnBody = (await get('/api/v1/registry/three-un')).body as Record<'notStarted' | 'startedNotBuilding' | 'notCompleted', { count: number }>;
  const funnel = (await get('/api/v1/pipeline/funnel')).body as { steps: Array<{ stage: string; medianDays: string | null }> };

  const rules = JSON.parse(readFileSync(join(__dirname, '../../config/pipeline.json'), 'utf8')) as { idleDaysByStage: Record<string, number> };
  const titles = DEMO_LEADS.map((l) => l.title);
  const open = await q<{ title: string; stage: string; last: Date }>(
    `SELECT l.title, l.stage::text, GREATEST(l.created_at, l.stage_entered_at,
            COALESCE((SELECT max(i.occurred_at) FROM interactions i WHERE i.enterprise_id = l.enterprise_id AND i.team_id = l.team_id AND i.deleted_at IS NULL), l.created_at)) AS last
       FROM leads l WHERE l.title = ANY($1) AND l.deleted_at IS NULL AND l.stage IN ('lead', 'contacted', 'site_visit', 'negotiating')`,
    [titles],
  );
  const now = Date.now();
  const idle = open.filter((l) => now - new Date(l.last).getTime() > (rules.idleDaysByStage[l.stage] as number) * 86_400_000 + 86_400_000).map((l) => l.title);

  const months = await q<{ month: string; first: string }>(
    `SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, min(to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')) AS first
       FROM leads WHERE title = ANY($1) GROUP BY 1 ORDER BY 1`,
    [titles],
  );
  const conference = await q<{ at: string }>(
    `SELECT to_char(sc.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at FROM lead_stage_changes sc JOIN leads l ON l.id = sc.lead_id
      WHERE sc.to_stage = 'signed' AND l.title = ANY($1)`,
    [DEMO_LEADS.filter((l) => l.signing?.atEvent).map((l) => l.title)],
  );
  const [stays] = await q<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT days_in_from_stage, from_stage, extract(epoch FROM at - lag(at) OVER (PARTITION BY lead_id ORDER BY at)) / 86400 AS gap FROM lead_stage_changes) x
      WHERE from_stage IS NOT NULL AND abs(days_in_from_stage - gap::numeric) > 0.001`,
  );
  const [totals] = await q<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       (SELECT team_id, stage, furthest_stage_ordinal, leads FROM lead_stage_totals WHERE leads <> 0 AND team_id <> '00000000-0000-0000-0000-000000000000'
        EXCEPT SELECT team_id, stage, furthest_stage_ordinal, count(*) FROM leads WHERE deleted_at IS NULL GROUP BY 1, 2, 3)
       UNION ALL
       (SELECT team_id, stage, furthest_stage_ordinal, count(*) FROM leads WHERE deleted_at IS NULL GROUP BY 1, 2, 3
        EXCEPT SELECT team_id, stage, furthest_stage_ordinal, leads FROM lead_stage_totals WHERE leads <> 0)) d`,
  );
  const [newLeads] = await q<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       (SELECT month, sum(new_leads)::int AS n FROM team_month_metrics GROUP BY 1 HAVING sum(new_leads) > 0
        EXCEPT SELECT date_trunc('month', created_at AT TIME ZONE 'Asia/Shanghai')::date, count(*)::int FROM leads WHERE deleted_at IS NULL GROUP BY 1)
       UNION ALL
       (SELECT date_trunc('month', created_at AT TIME ZONE 'Asia/Shanghai')::date, count(*)::int FROM leads WHERE deleted_at IS NULL GROUP BY 1
        EXCEPT SELECT month, sum(new_leads)::int FROM team_month_metrics GROUP BY 1 HAVING sum(new_leads) > 0)) d`,
  );
  const logged = new Set(
    (await q<{ month: string }>(`SELECT DISTINCT to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month FROM interactions WHERE deleted_at IS NULL`)).map((r) => r.month),
  );
  const thisMonth = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const quietMonths: string[] = [];
  for (let y = 2022, m = 1; `${y}-${String(m).padStart(2, '0')}` <= thisMonth; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (!logged.has(month)) quietMonths.push(month);
  }
  return {
    started,
    quietMonths,
    profilesMissing,
    threeUn: { notStarted: threeUnBody.notStarted.count, startedNotBuilding: threeUnBody.startedNotBuilding.count, notCompleted: threeUnBody.notCompleted.count },
    medianDays: Object.fromEntries(funnel.steps.map((s) => [s.stage, s.medianDays])),
    idle: idle.sort(),
    openLeads: open.length,
    leadMonths: months.map((m) => m.month),
    earliestLead: months[0]?.first ?? '',
    conferenceMoves: conference.map((c) => c.at),
    inconsistentStays: stays?.n ?? -1,
    totalsDrift: totals?.n ?? -1,
    newLeadsDrift: newLeads?.n ?? -1,
  };
}

/** The assertions both seed specs make on {@link demoFigures}. */
export function expectDemoFigures(f: DemoFigures): void {
  expect(f.started).toEqual(EXPECTED.started);
  expect(f.profilesMissing).toEqual([]);
  expect(f.threeUn.notStarted).toBeGreaterThan(0);
  expect(f.threeUn.startedNotBuilding).toBeGreaterThan(0);
  expect(f.threeUn.notCompleted).toBeGreaterThan(0);
  for (const stage of ['lead', 'contacted', 'site_visit', 'negotiating']) {
    expect({ stage, positive: Number(f.medianDays[stage] ?? 0) > 0 }).toEqual({ stage, positive: true });
  }
  expect(f.openLeads).toBe(EXPECTED.openLeads);
  expect(f.idle.length).toBeGreaterThanOrEqual(2);
  expect(f.idle.length).toBeLessThan(f.openLeads);
  expect(f.quietMonths).toEqual([]);
  expect(f.earliestLead >= '2021-09-01' && f.earliestLead < '2021-10-01').toBe(true);
  expect(f.leadMonths.length).toBeGreaterThanOrEqual(6);
  expect(f.conferenceMoves).toEqual(EXPECTED.conferenceMoves);
  expect(f.inconsistentStays).toBe(0);
  expect(f.totalsDrift).toBe(0);
  expect(f.newLeadsDrift).toBe(0);
}
