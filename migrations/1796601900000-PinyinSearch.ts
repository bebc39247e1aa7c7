import { pinyin } from 'pinyin-pro';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pinyin search (mh → 梅花) over companies, leads and projects: initials and full pinyin stored
 * beside the names, their two-letter grams GIN-indexed, and the rows already there filled in.
 * Migrations import nothing from src/, so the backfill carries the rule of common/text/pinyin.ts
 * as it stands today.
 */
export class PinyinSearch1796601900000 implements MigrationInterface {
    name = 'PinyinSearch1796601900000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        for (const table of TABLES) {
            await queryRunner.query(`ALTER TABLE "${table.name}" ADD "pinyin_initials" text NOT NULL DEFAULT ''`);
            await queryRunner.query(`ALTER TABLE "${table.name}" ADD "pinyin_full" text NOT NULL DEFAULT ''`);
            await queryRunner.query(`ALTER TABLE "${table.name}" ADD "pinyin_grams" text array NOT NULL DEFAULT '{}'`);
            await backfill(queryRunner, table);
            await queryRunner.query(`CREATE INDEX "ix_${table.name}_pinyin_grams" ON "${table.name}" USING gin ("pinyin_grams")`);
        }
        // The company search's newest-first walk reads the pinyin too, still from the index alone.
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_live_created_at\"");
        await queryRunner.query("CREATE INDEX \"ix_enterprises_live_created_at\" ON \"enterprises\" (\"created_at\", \"id\") INCLUDE (\"search_text\", \"credit_code\", \"pinyin_initials\", \"pinyin_full\") WHERE merged_into_id IS NULL AND archived_at IS NULL");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX \"public\".\"ix_enterprises_live_created_at\"");
        await queryRunner.query("CREATE INDEX \"ix_enterprises_live_created_at\" ON \"enterprises\" (\"created_at\", \"id\") INCLUDE (\"search_text\", \"credit_code\") WHERE merged_into_id IS NULL AND archived_at IS NULL");
        for (const table of TABLES) {
            await queryRunner.query(`DROP INDEX "public"."ix_${table.name}_pinyin_grams"`);
            await queryRunner.query(`ALTER TABLE "${table.name}" DROP COLUMN "pinyin_grams"`);
            await queryRunner.query(`ALTER TABLE "${table.name}" DROP COLUMN "pinyin_full"`);
            await queryRunner.query(`ALTER TABLE "${table.name}" DROP COLUMN "pinyin_initials"`);
        }
    }
}

const TABLES = [
    { name: 'enterprises', names: ['name', 'short_name'] },
    { name: 'leads', names: ['title'] },
    { name: 'projects', names: ['name'] },
];

const BATCH = 2000;

/** Fills the keys of every row, in id order, a batch at a time. */
async function backfill(queryRunner: QueryRunner, table: { name: string; names: string[] }): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
        const rows: Array<Record<string, string | null>> = await queryRunner.query(
            `SELECT id, ${table.names.join(', ')} FROM "${table.name}" WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
            [after],
        );
        if (rows.length === 0) return;
        const keys = rows.map((r) => ({ id: r.id, ...keysOf(table.names.map((n) => r[n] ?? null)) }));
        await queryRunner.query(
            `UPDATE "${table.name}" AS t SET pinyin_initials = v.initials, pinyin_full = v.full, pinyin_grams = v.grams
               FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, initials text, full text, grams text[]) WHERE t.id = v.id`,
            [JSON.stringify(keys)],
        );
        after = rows[rows.length - 1]!.id as string;
    }
}

/** The keys as common/text/pinyin.ts computes them on write. */
function keysOf(names: Array<string | null>): { initials: string; full: string; grams: string[] } {
    const texts = names.map((n) => (n ?? '').normalize('NFKC').replace(/[\s\u3000]+/g, '').toLowerCase()).filter(Boolean);
    const read = (t: string, pattern: 'first' | 'pinyin') =>
        pinyin(t, { pattern, toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).join('');
    const initials = texts.map((t) => read(t, 'first'));
    const full = texts.map((t) => read(t, 'pinyin'));
    const grams = new Set<string>();
    for (const k of [...initials, ...full]) for (let i = 0; i + 1 < k.length; i++) grams.add(k.slice(i, i + 2));
    return { initials: initials.join(' '), full: full.join(' '), grams: [...grams] };
}
