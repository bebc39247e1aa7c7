import { DataSource } from 'typeorm';

/**
 * For factories that sign leads registered without a 拟落地旗县区: the signing's landing unit
 * as a caller would name it — the holding team's home unit, mapped up to its county (or the
 * city). Undefined when the lead names a target (the service then takes the lead's).
 */
export async function landingForUntargeted(db: DataSource, leadId: string): Promise<string | undefined> {
  const [row]: Array<{ id: string | null }> = await db.query(
    `SELECT CASE WHEN l.target_region_unit_id IS NULL THEN
              (SELECT a.id FROM region_units u JOIN region_units a ON u.path LIKE a.path || '%'
                WHERE u.id = t.region_unit_id AND a.level IN ('county', 'city') ORDER BY a.level = 'county' DESC LIMIT 1)
            END AS id
       FROM leads l JOIN teams t ON t.id = l.team_id WHERE l.id = $1`,
    [leadId],
  );
  return row?.id ?? undefined;
}
