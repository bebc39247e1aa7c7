import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { searchFields } from '../../src/enterprises/enterprises.service';
import { copyRows } from './copy';
import { count, Dataset, SIZE, withoutIndexes } from './common';
import { GeneratedEnterprise, generateEnterprises } from './names';

/** The companies of the import scenario's spreadsheet: generated with the others, never loaded. */
let forImport: GeneratedEnterprise[] = [];

export function importCompanies(): GeneratedEnterprise[] {
  if (forImport.length === 0) throw new Error('the enterprises are not loaded yet');
  return forImport;
}

/**
 * SIZE.enterprises companies and one contact person each, generated in Node — the name
 * normalised and the search columns derived by the service's own normalizeEnterpriseName
 * and searchFields — and COPYed in. Created over the last three years, oldest first.
 */
export async function loadEnterprises(client: PoolClient, d: Dataset): Promise<string[]> {
  const all = generateEnterprises(SIZE.enterprises + SIZE.importRows);
  const loaded = all.slice(0, SIZE.enterprises);
  forImport = all.slice(SIZE.enterprises);
  const { rows: chains } = await client.query<{ id: string }>('SELECT id FROM industry_chains ORDER BY sort_order');
  const { rows: admins } = await client.query<{ id: string }>(`SELECT id FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1`);
  const adminId = admins[0]?.id ?? null;
  const span = 3 * 365 * 86_400_000;
  const start = Date.now() - span;
  const ids = loaded.map(() => randomUUID());
  await withoutIndexes(client, ['enterprises', 'enterprise_contacts'], async () => {
    await copyRows(
      client,
      'enterprises',
      ['id', 'name', 'normalized_name', 'short_name', 'credit_code', 'industry_chain_id', 'hq_province', 'hq_city', 'tags', 'founded_on', 'search_text', 'search_grams', 'created_by_id', 'created_at', 'updated_at'],
      (function* () {
        for (let i = 0; i < loaded.length; i++) {
          const e = loaded[i]!;
          const at = new Date(start + Math.floor((i * span) / loaded.length));
          const search = searchFields(e.name, e.shortName);
          yield [ids[i], e.name, e.normalizedName, e.shortName, e.creditCode, chains[e.chain]?.id ?? null, e.hqProvince, e.hqCity, e.tags, e.foundedOn, search.searchText, search.searchGrams, adminId, at, at];
        }
      })(),
    );
    await copyRows(
      client,
      'enterprise_contacts',
      ['id', 'enterprise_id', 'name', 'title', 'mobile'],
      (function* () {
        for (let i = 0; i < loaded.length; i++) yield [randomUUID(), ids[i], loaded[i]!.contact.name, loaded[i]!.contact.title, loaded[i]!.contact.mobile];
      })(),
    );
  });
  // Companies by number (0-based, oldest first), for the interaction and lead loads to join on.
  await client.query(`
    CREATE UNLOGGED TABLE bench_enterprise AS
    SELECT (row_number() OVER (ORDER BY created_at, id) - 1)::int AS i, id, industry_chain_id AS chain_id, COALESCE(short_name, name) AS label, hq_city
      FROM enterprises`);
  await client.query('ALTER TABLE bench_enterprise ADD PRIMARY KEY (i)');
  d.rows.enterprises = await count(client, 'enterprises');
  d.rows.enterprise_contacts = await count(client, 'enterprise_contacts');
  return ['enterprises', 'enterprise_contacts', 'bench_enterprise'];
}
