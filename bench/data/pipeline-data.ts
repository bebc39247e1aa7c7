import type { PoolClient } from 'pg';
import { count, Dataset, SIZE, withoutIndexes } from './common';

/** Summaries by interaction type, `%s` the company: what a cadre writes after a contact. */
const SUMMARIES: Record<string, string[]> = {
  visit: [
    '赴%s总部拜访，介绍通辽市产业链招商政策和要素保障情况，企业表示有意向来通考察。',
    '拜访%s，与董事长就在通投资新建生产基地进行座谈，企业关注用地、用能和物流成本。',
    '走访%s，了解企业扩产计划，推介我市工业园区标准化厂房及配套设施。',
  ],
  inbound_visit: [
    '%s一行来我市考察，实地察看园区，双方就用地、用能和电价政策进行了深入交流。',
    '%s考察团来通，市领导会见并陪同考察，企业对资源禀赋和营商环境评价积极。',
  ],
  call: [
    '与%s投资部电话沟通项目进展，企业正在进行内部可行性研究，约定下周再次对接。',
    '电话回访%s，企业反馈项目已上报集团投资决策委员会。',
  ],
  video: ['与%s高管视频会议，就合作模式、投资规模和建设周期进行洽谈。', '视频连线%s，对项目建议书逐条沟通，明确下一步工作安排。'],
  promotion_event: ['在京津冀招商推介会上与%s负责人面对面交流，递交项目资料。', '长三角产业链招商推介会期间，与%s深入对接。'],
  signing_ceremony: ['参加%s项目签约仪式，协调落实后续注册和前期手续。'],
};
const OUTCOMES = ['企业有投资意向，待进一步考察', '已提交项目建议书', '需协调用地指标', '企业内部决策中', '达成初步合作意向'];

const sqlArray = (items: string[]) => `ARRAY[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')}]`;

/**
 * SIZE.interactions interactions in one INSERT … SELECT FROM generate_series: each of a
 * random team (uniform over the 3,000), by one of its members, with one of the 150
 * companies that team works with (so a team meets each of its companies a couple of
 * times). Every tenth has a follow-up due now (open, 0–3 days past: the issue-5
 * reminders), every tenth one due later, four in ten a follow-up done; the rest none.
 * Participants: the author, and for three in ten a teammate; contacts met: the company's
 * contact, for visits, inbound visits and video meetings.
 */
export async function loadInteractions(client: PoolClient, d: Dataset): Promise<string[]> {
  const typeCase = `CASE WHEN rt < 0.35 THEN 'visit' WHEN rt < 0.45 THEN 'inbound_visit' WHEN rt < 0.75 THEN 'call'
                         WHEN rt < 0.90 THEN 'video' WHEN rt < 0.97 THEN 'promotion_event' ELSE 'signing_ceremony' END`;
  const summary = `CASE x.type ${Object.entries(SUMMARIES)
    .map(([type, list]) => `WHEN '${type}' THEN format((${sqlArray(list)})[1 + floor(x.rs * ${list.length})::int], e.label)`)
    .join(' ')} END`;
  await withoutIndexes(client, ['interactions', 'interaction_participants', 'interaction_contacts'], async () => {
    await client.query(
      `INSERT INTO interactions (id, enterprise_id, team_id, author_id, type, occurred_at, location, summary, outcome,
                                 next_follow_up_at, follow_up_done_at, follow_up_version, created_at, updated_at)
       SELECT gen_random_uuid(), e.id, t.id, m.user_id, x.type::interaction_type, x.occurred_at,
              CASE x.type WHEN 'visit' THEN e.hq_city WHEN 'inbound_visit' THEN '通辽市' END,
              ${summary},
              CASE WHEN x.ro < 0.5 THEN (${sqlArray(OUTCOMES)})[1 + floor(x.ro * 10)::int] END,
              x.next_at, x.done_at, x.version, x.occurred_at, x.occurred_at
         FROM (
           SELECT a.*, ${typeCase} AS type,
                  CASE a.c WHEN 0 THEN now() - a.rw * interval '3 days' - (1 + a.rd * 120) * interval '1 day'
                           WHEN 1 THEN now() - a.rd * interval '90 days'
                           WHEN 2 THEN now() - (30 + power(a.rw, 1.3) * 1065) * interval '1 day'
                           ELSE now() - power(a.rw, 1.3) * interval '1095 days' END AS occurred_at,
                  a.rw AS w
             FROM (SELECT g, CASE WHEN g % 10 = 0 THEN 0 WHEN g % 10 = 1 THEN 1 WHEN g % 10 < 6 THEN 2 ELSE 3 END AS c,
                          floor(random() * $2)::int AS ti, floor(random() * 150)::int AS j, floor(random() * 1000)::int AS k,
                          random() AS rt, random() AS rw, random() AS rd, random() AS rs, random() AS ro
                     FROM generate_series(0, $1 - 1) g) a
         ) y
         CROSS JOIN LATERAL (
           SELECT y.type, y.occurred_at, y.rs, y.ro,
                  CASE y.c WHEN 0 THEN now() - y.w * interval '3 days'
                           WHEN 1 THEN now() + (1 + y.w * 60) * interval '1 day'
                           WHEN 2 THEN y.occurred_at + (7 + y.w * 14) * interval '1 day' END AS next_at,
                  CASE WHEN y.c = 2 THEN y.occurred_at + (7 + y.w * 14) * interval '1 day' END AS done_at,
                  CASE WHEN y.c < 3 THEN 1 ELSE 0 END AS version
         ) x
         JOIN bench_team t ON t.i = y.ti
         JOIN bench_enterprise e ON e.i = (y.ti * 997 + y.j * 1009) % $3
         JOIN bench_member m ON m.team_i = y.ti AND m.k = y.k % t.n`,
      [SIZE.interactions, SIZE.teams, SIZE.enterprises],
    );
    await client.query('INSERT INTO interaction_participants (interaction_id, user_id) SELECT id, author_id FROM interactions');
    await client.query(
      `INSERT INTO interaction_participants (interaction_id, user_id)
       SELECT i.id, m2.user_id
         FROM interactions i
         JOIN bench_team t ON t.id = i.team_id AND t.n > 1
         JOIN bench_member m1 ON m1.team_i = t.i AND m1.user_id = i.author_id
         JOIN bench_member m2 ON m2.team_i = t.i AND m2.k = (m1.k + 1) % t.n
        WHERE get_byte(uuid_send(i.id), 15) < 77`,
    );
    await client.query(
      `INSERT INTO interaction_contacts (interaction_id, contact_id)
       SELECT i.id, c.id FROM interactions i JOIN enterprise_contacts c ON c.enterprise_id = i.enterprise_id
        WHERE i.type IN ('visit', 'inbound_visit', 'video')`,
    );
  });
  d.rows.interactions = await count(client, 'interactions');
  d.rows.interaction_participants = await count(client, 'interaction_participants');
  d.rows.interaction_contacts = await count(client, 'interaction_contacts');
  const { rows } = await client.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM interactions WHERE next_follow_up_at <= now() AND follow_up_done_at IS NULL AND deleted_at IS NULL',
  );
  d.rows.due_follow_ups = rows[0]!.n;
  return ['interactions', 'interaction_participants', 'interaction_contacts'];
}

const PIPELINE = `ARRAY['lead', 'contacted', 'site_visit', 'negotiating', 'signed']`;

/**
 * SIZE.leads leads, 33 or 34 per team, each on a company its team works with (one lead per
 * team and company) and that company's chain: 30% 线索, 22% 初步接洽, 15% 考察对接,
 * 10% 实质性洽谈, 12% 已签约, 6% 搁置, 5% 终止. Every stage move is a lead_stage_changes
 * row (from registration on), the signed ones have their initial signing, 1% have a
 * co-pursuing team. Registered over the last three years.
 */
export async function loadLeads(client: PoolClient, d: Dataset): Promise<string[]> {
  await client.query(
    `CREATE UNLOGGED TABLE bench_lead AS
     SELECT a.k, gen_random_uuid() AS id, a.ti, a.j, s.stage, f.furthest, a.step,
            f.furthest + CASE WHEN s.stage IN ('on_hold', 'lost') THEN 1 ELSE 0 END AS moves,
            now() - ((f.furthest + 2) * a.step + a.r_age * 500) * interval '1 day' AS created_at,
            round((exp(ln(300) + a.r_amt * ln(2000)))::numeric, 2) AS amount, a.r_sign, a.r_src, a.r_anchor
       FROM (SELECT k, k % $2 AS ti, k / $2 AS j, random() AS r_stage, random() AS r_f, 7 + random() * 50 AS step,
                    random() AS r_age, random() AS r_amt, random() AS r_sign, random() AS r_src, random() AS r_anchor
               FROM generate_series(0, $1 - 1) k) a
       CROSS JOIN LATERAL (SELECT CASE WHEN a.r_stage < 0.30 THEN 'lead' WHEN a.r_stage < 0.52 THEN 'contacted' WHEN a.r_stage < 0.67 THEN 'site_visit'
                                       WHEN a.r_stage < 0.77 THEN 'negotiating' WHEN a.r_stage < 0.89 THEN 'signed' WHEN a.r_stage < 0.95 THEN 'on_hold'
                                       ELSE 'lost' END AS stage) s
       CROSS JOIN LATERAL (SELECT CASE s.stage WHEN 'lead' THEN 0 WHEN 'contacted' THEN 1 WHEN 'site_visit' THEN 2 WHEN 'negotiating' THEN 3
                                               WHEN 'signed' THEN 4 ELSE floor(a.r_f * 4)::int END AS furthest) f`,
    [SIZE.leads, SIZE.teams],
  );
  await client.query('ALTER TABLE bench_lead ADD PRIMARY KEY (k)');
  await withoutIndexes(client, ['leads', 'lead_stage_changes', 'signings', 'signing_credits', 'lead_co_teams'], async () => {
    await client.query(
      `INSERT INTO leads (id, title, enterprise_id, team_id, registered_team_id, owner_id, industry_chain_id, target_region_unit_id,
                          source_region_id, intended_amount, expected_sign_date, source, is_anchor, stage, stage_entered_at,
                          furthest_stage_ordinal, side_state_reason, signed_on, signed_amount, version, created_by_id, created_at, updated_at)
       SELECT b.id,
              e.label || (ARRAY['年产10万吨深加工项目', '新能源装备制造基地项目', '扩建项目', '产业园项目', '二期项目', '循环经济产业链项目'])[1 + b.k % 6],
              e.id, t.id, t.id, m.user_id, e.chain_id, t.county_id, sr.id, b.amount,
              (b.created_at + interval '180 days')::date,
              (ARRAY['door_to_door', 'business_referral', 'resident_office', 'agency', 'online', 'exhibition', 'other'])[1 + floor(b.r_src * 7)::int]::lead_source,
              b.r_anchor < 0.03, b.stage::lead_stage, b.created_at + b.moves * b.step * interval '1 day', b.furthest,
              CASE b.stage WHEN 'on_hold' THEN '企业投资计划调整，暂缓推进' WHEN 'lost' THEN '企业选择在其他地区落地' END,
              CASE WHEN b.stage = 'signed' THEN (b.created_at + 4 * b.step * interval '1 day')::date END,
              CASE WHEN b.stage = 'signed' THEN round(b.amount * (0.8 + b.r_sign * 0.4)::numeric, 2) ELSE 0 END,
              b.moves + 1, m.user_id, b.created_at, b.created_at + b.moves * b.step * interval '1 day'
         FROM bench_lead b
         JOIN bench_team t ON t.i = b.ti
         JOIN bench_enterprise e ON e.i = (b.ti * 997 + b.j * 1009) % $1
         JOIN bench_member m ON m.team_i = b.ti AND m.k = b.k % t.n
         JOIN (SELECT id, (row_number() OVER (ORDER BY sort_order) - 1)::int AS n FROM source_regions) sr ON sr.n = b.k % 4`,
      [SIZE.enterprises],
    );
    await client.query(
      `INSERT INTO lead_stage_changes (lead_id, from_stage, to_stage, reason, days_in_from_stage, actor_id, at)
       SELECT b.id, CASE WHEN s.n > 0 THEN (${PIPELINE})[s.n]::lead_stage END, (${PIPELINE})[s.n + 1]::lead_stage, NULL,
              CASE WHEN s.n > 0 THEN round(b.step::numeric, 3) END, l.owner_id, b.created_at + s.n * b.step * interval '1 day'
         FROM bench_lead b JOIN leads l ON l.id = b.id CROSS JOIN LATERAL generate_series(0, b.furthest) s(n)
       UNION ALL
       SELECT b.id, (${PIPELINE})[b.furthest + 1]::lead_stage, b.stage::lead_stage, l.side_state_reason, round(b.step::numeric, 3), l.owner_id,
              b.created_at + (b.furthest + 1) * b.step * interval '1 day'
         FROM bench_lead b JOIN leads l ON l.id = b.id
        WHERE b.stage IN ('on_hold', 'lost')`,
    );
    await client.query(
      `INSERT INTO signings (lead_id, kind, agreement_type, amount, signed_on, parties, team_id, landing_region_unit_id, created_by_id, created_at)
       SELECT l.id, 'initial', (ARRAY['framework', 'investment', 'formal_contract'])[1 + b.k % 3]::agreement_type, l.signed_amount, l.signed_on,
              '通辽市人民政府；' || e.name, l.team_id,
              -- Where it lands: the lead's 拟落地旗县区, else the team's home, mapped up to its county (or the city).
              (SELECT a.id FROM region_units u JOIN region_units a ON u.path LIKE a.path || '%'
                WHERE u.id = COALESCE(l.target_region_unit_id, t.region_unit_id) AND a.level IN ('county', 'city')
                ORDER BY a.level = 'county' DESC LIMIT 1),
              l.owner_id, l.signed_on + time '10:00'
         FROM leads l JOIN bench_lead b ON b.id = l.id JOIN enterprises e ON e.id = l.enterprise_id JOIN teams t ON t.id = l.team_id
        WHERE l.stage = 'signed'`,
    );
    // Credited to the holder (creditSharing holder_only), as SigningsService.create records it.
    await client.query(
      `INSERT INTO signing_credits (signing_id, team_id, amount, projects)
       SELECT s.id, s.team_id, s.amount, CASE WHEN s.kind = 'initial' THEN 1 ELSE 0 END
         FROM signings s JOIN bench_lead b ON b.id = s.lead_id`,
    );
    await client.query(
      `INSERT INTO lead_co_teams (lead_id, team_id)
       SELECT b.id, t.id FROM bench_lead b JOIN bench_team t ON t.i = (b.ti + 1) % $1 WHERE b.k % 100 = 7`,
      [SIZE.teams],
    );
  });
  d.rows.leads = await count(client, 'leads');
  d.rows.lead_stage_changes = await count(client, 'lead_stage_changes');
  d.rows.signings = await count(client, 'signings');
  d.rows.lead_co_teams = await count(client, 'lead_co_teams');
  return ['leads', 'lead_stage_changes', 'signings', 'signing_credits', 'lead_co_teams', 'bench_lead'];
}
