import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PreparedJson } from '../common/http/prepared-json';

/** Ranking previews stored for every process to read (ranking_previews, RankingPreviewEntry). */
@Injectable()
export class RankingPreviewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The stored body of preview `key` computed on figures `version`, if there is one. */
  async find(key: string, version: string): Promise<PreparedJson | null> {
    const rows: Array<{ json: string; gzip: Buffer; br: Buffer }> = await this.dataSource.query('SELECT json, gzip, br FROM ranking_previews WHERE key = $1 AND version = $2', [key, version]);
    return rows[0] ?? null;
  }

  /** Stores preview `key` of figures `version` in place of whatever version was there. */
  async save(key: string, version: string, body: PreparedJson): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ranking_previews (key, version, json, gzip, br, computed_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version, json = EXCLUDED.json, gzip = EXCLUDED.gzip, br = EXCLUDED.br, computed_at = now()`,
      [key, version, body.json, body.gzip, body.br],
    );
  }
}
