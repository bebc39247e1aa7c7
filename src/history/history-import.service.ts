import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { AppError, FieldIssue } from '../common/errors/app-error';
import { normalizeUscc } from '../enterprises/uscc';
import { normalizeEnterpriseName } from '../enterprises/enterprise-name';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { ImportReportBase, ImportReportBuilder } from '../common/spreadsheet/import-report';
import { openSpreadsheet } from '../common/spreadsheet/spreadsheet-reader';
import { spreadsheetErrors } from '../common/spreadsheet/spreadsheet.errors';
import { readTable, TableLayout, TableValue } from '../common/spreadsheet/table-import';
import type { SheetColumn } from '../leads/lead-sheet';
import { HistoryDirectoryReadModel, NamedRow } from './history-directory.read-model';

/** History files are years of one city's records; a larger file is more likely a mistake. */
export const MAX_HISTORY_ROWS = 20_000;

/** Whether two lists hold the same ids, in any order. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const sorted = [...b].sort();
  return a.length === b.length && [...a].sort().every((x, i) => x === sorted[i]);
}

/** A row refused before anything was written, with its issues. */
export class RowRefused extends Error {}

/** What a history import answers: the common report, and the row its header was found on. */
export interface HistoryImportReport extends ImportReportBase {
  /** Excel row of the header (an exported 台账 has its title, facts and units lines above it). */
  headerRow?: number;
}

/**
 * One data row as a row spec reads it: the values the table import parsed (by column key), and
 * the row's issues, by the column's header as the file writes it.
 */
export class HistoryRowReader<K extends string> {
  readonly issues: Array<{ column?: string; message: string }> = [];
  /**
   * Issues that matter only for a new record: an archived team, a user who has left, a chain
   * retired since. A row matching its record as it stands (an export of old work) is not refused for them.
   */
  readonly forNewRecord: Array<{ column?: string; message: string }> = [];

  constructor(
    readonly row: number,
    private readonly values: Partial<Record<K, TableValue>>,
    private readonly layout: TableLayout<K>,
    private readonly columns: ReadonlyArray<SheetColumn<K>>,
  ) {}

  /** The header of the column as the file writes it (or as the export does, when absent). */
  header(key: K): string {
    return this.layout.columns.get(key)?.header ?? this.columns.find((c) => c.key === key)?.header ?? key;
  }

  /** Whether the file has the column: a column it lacks is neither read nor compared. */
  has(key: K): boolean {
    return this.layout.columns.has(key);
  }

  issue(key: K | undefined, message: string): void {
    this.issues.push({ ...(key ? { column: this.header(key) } : {}), message });
  }

  /** An issue that refuses the row only if it would create a record (see forNewRecord). */
  issueForNew(key: K, message: string): void {
    this.forNewRecord.push({ column: this.header(key), message });
  }

  /** Before creating: the row's issues for a new record become its issues. */
  refuseIfNotNew(): void {
    if (this.forNewRecord.length === 0) return;
    this.issues.push(...this.forNewRecord);
    throw new RowRefused();
  }

  /** A text, date (yyyy-mm-dd), amount (万元) or enum cell, trimmed; null when blank or absent. */
  text(key: K): string | null {
    const v = this.values[key];
    if (v === null || v === undefined) return null;
    return String(v).trim() || null;
  }

  yesNo(key: K): boolean | null {
    const v = this.values[key];
    return typeof v === 'boolean' ? v : null;
  }
}

/** What a history import does with one row: create its record, or find it already there. */
export interface HistoryRowSpec<K extends string> {
  columns: ReadonlyArray<SheetColumn<K>>;
  /** The column a domain error's field names (`ownerId` → 负责人). */
  fieldColumns: Record<string, K>;
  /** Reads, matches and (unless it is there already) writes the row, in its savepoint. */
  importRow(em: EntityManager, actor: AuthUser, row: HistoryRowReader<K>, names: NameResolver): Promise<'created' | 'unchanged'>;
}

/** Thrown through the import's transaction to roll it back (a dry run, or a file with errors). */
class RolledBack extends Error {
  constructor(readonly report: HistoryImportReport) {
    super('rolled back');
  }
}

/**
 * Names in a spreadsheet resolved to records, each look-up once per import: enterprises by credit
 * code, else normalised name; teams (or 区域/队名), users (by name, mobile or username), regions and
 * reference data by name. Unknown and ambiguous names are row issues.
 */
export class NameResolver {
  private readonly cache = new Map<string, NamedRow[]>();
  private readonly enterpriseIds = new Map<string, string | null>();

  constructor(
    private readonly em: EntityManager,
    private readonly directory: HistoryDirectoryReadModel,
    private readonly enterprises: EnterprisesService,
  ) {}

  /** The enterprise of a row: by credit code when given, else by its normalised name. */
  async enterprise<K extends string>(row: HistoryRowReader<K>, nameKey: K, codeKey: K): Promise<string | null> {
    const name = row.text(nameKey);
    const code = row.text(codeKey);
    if (!name) return null;
    // The code first (it is the company's identity), else the name as duplicates are judged.
    const probe = { creditCode: code ? normalizeUscc(code) : null, normalizedName: normalizeEnterpriseName(name) };
    const cacheKey = `${probe.creditCode ?? ''}\u0000${probe.normalizedName}`;
    let found = this.enterpriseIds.get(cacheKey);
    if (found === undefined) {
      found = (await this.enterprises.findDuplicate(this.em, probe))?.existingId ?? null;
      this.enterpriseIds.set(cacheKey, found);
    }
    if (found) return found;
    row.issue(nameKey, `企业「${name}」${code ? `（信用代码 ${code}）` : ''}不在企业库中：请先导入企业名单（企业库 → 导入），再导入本文件`);
    return null;
  }

  /** A team by name, or 「区域/队名」; `name` when the cell lists several. */
  team<K extends string>(row: HistoryRowReader<K>, key: K, name?: string): Promise<string | null> {
    return this.one(row, key, '招商队', (n) => this.directory.teams(this.em, n), { hint: '请写作「所属区域/招商队名称」', inactive: '已撤销', name });
  }

  /** A person by name, mobile or username; 「姓名（手机号）」 by the mobile (as the project import reads 项目负责人). */
  user<K extends string>(row: HistoryRowReader<K>, key: K, what: string, name?: string): Promise<string | null> {
    const text = name ?? row.text(key);
    const mobile = text ? /^.+?[（(]\s*(1\d{10})\s*[）)]$/.exec(text.normalize('NFKC'))?.[1] : undefined;
    return this.one(row, key, what, (k) => this.directory.users(this.em, k), { hint: '请写作「姓名（手机号）」', inactive: '已停用', name: mobile ?? text ?? undefined });
  }

  /** A contact of the enterprise by name (`name`: one of the cell's). */
  contact<K extends string>(row: HistoryRowReader<K>, key: K, enterpriseId: string, name: string): Promise<string | null> {
    return this.one(row, key, '对接人', (n) => this.directory.contacts(this.em, enterpriseId, n), { hint: '请在企业库中区分同名联系人', name, scope: enterpriseId, unknown: '不是该企业登记的联系人：请先在企业库中添加' });
  }

  chain<K extends string>(row: HistoryRowReader<K>, key: K): Promise<string | null> {
    return this.one(row, key, '产业链', (name) => this.directory.chains(this.em, name), { inactive: '已停用' });
  }

  regionUnit<K extends string>(row: HistoryRowReader<K>, key: K): Promise<string | null> {
    return this.one(row, key, '区域', (name) => this.directory.regionUnits(this.em, name), { hint: '请联系管理员区分同名区域' });
  }

  sourceRegion<K extends string>(row: HistoryRowReader<K>, key: K): Promise<string | null> {
    return this.one(row, key, '客商来源地', (name) => this.directory.sourceRegions(this.em, name), { inactive: '已停用' });
  }

  /** The one record `name` (the cell, or `options.name`) names; an issue when none, several, or an inactive one. */
  private async one<K extends string>(
    row: HistoryRowReader<K>,
    key: K,
    what: string,
    find: (name: string) => Promise<NamedRow[]>,
    options: { hint?: string; inactive?: string; name?: string; scope?: string; unknown?: string },
  ): Promise<string | null> {
    const name = options.name ?? row.text(key);
    if (!name) return null;
    const cacheKey = `${what}\u0000${options.scope ?? ''}\u0000${name}`;
    let found = this.cache.get(cacheKey);
    if (!found) {
      found = await find(name);
      this.cache.set(cacheKey, found);
    }
    if (found.length === 0) {
      row.issue(key, `${what}「${name}」${options.unknown ?? '不存在'}`);
      return null;
    }
    if (found.length > 1) {
      const places = found.map((f) => f.place).filter((p): p is string => !!p);
      row.issue(key, `有 ${found.length} 个${what}叫「${name}」${places.length ? `（${places.join('、')}）` : ''}，无法确定是哪一个${options.hint ? `：${options.hint}` : ''}`);
      return null;
    }
    const only = found[0] as NamedRow;
    if (only.inactive) row.issueForNew(key, `${what}「${name}」${options.inactive ?? '已停用'}`);
    return only.id;
  }
}

/**
 * The history import (a city moving in from its spreadsheets): reads the file, and in ONE
 * transaction takes each row in its own savepoint — matched to its record (by 编号, else by
 * natural key) and left alone, or created through its domain's service with that domain's
 * rules. A refused row is rolled back to its savepoint and reported by Excel row number; the
 * other rows go on being checked, so the dry run reports every bad row and predicts the real
 * run exactly (it is the same run, rolled back). The real run commits only a file without
 * errors: all or nothing.
 */
@Injectable()
export class HistoryImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: HistoryDirectoryReadModel,
    private readonly enterprises: EnterprisesService,
  ) {}

  async run<K extends string>(actor: AuthUser, path: string, dryRun: boolean, spec: HistoryRowSpec<K>): Promise<HistoryImportReport> {
    const sheet = await openSpreadsheet(path);
    const out = new ImportReportBuilder<HistoryImportReport>(dryRun, sheet.kind, sheet.encoding, {});
    // Header, merged cells, totals and note rows, cell parsing: the shared table import. Rows
    // whose cells do not parse are already in the report, and not handed over.
    const { layout, rows } = await readTable(sheet, { columns: spec.columns, skipHeaders: ['序号'], maxRows: MAX_HISTORY_ROWS }, out);
    out.report.headerRow = layout.headerRow;
    try {
      return await this.dataSource.transaction(async (em) => {
        await this.directory.lockImports(em);
        const names = new NameResolver(em, this.directory, this.enterprises);
        for (const { row, values } of rows) {
          const reader = new HistoryRowReader(row, values, layout, spec.columns);
          const outcome = await this.importRow(em, actor, reader, names, spec);
          if (outcome === 'refused') reader.issues.forEach((i) => out.error({ row, ...i }));
          else out.report[outcome]++;
        }
        const report = out.finish();
        if (dryRun || report.errorRows > 0) throw new RolledBack(report);
        return report;
      });
    } catch (err) {
      if (!(err instanceof RolledBack)) throw err;
      if (dryRun) return err.report;
      throw spreadsheetErrors('IMPORT_ROWS_INVALID', { ...err.report }, `有 ${err.report.errorRows} 行数据有误，未导入任何数据：请按报告修改后重新上传`);
    }
  }

  /** One row in its savepoint: a domain's refusal (AppError) rolls back to it and becomes the row's issues. */
  private async importRow<K extends string>(em: EntityManager, actor: AuthUser, row: HistoryRowReader<K>, names: NameResolver, spec: HistoryRowSpec<K>): Promise<'created' | 'unchanged' | 'refused'> {
    try {
      const outcome = await em.transaction((savepoint) => spec.importRow(savepoint, actor, row, names));
      return row.issues.length ? 'refused' : outcome;
    } catch (err) {
      if (err instanceof RowRefused) return 'refused';
      if (!(err instanceof AppError)) throw err;
      const fields = Array.isArray(err.details) ? (err.details as FieldIssue[]) : [];
      if (fields.length === 0) row.issues.push({ message: err.message });
      for (const f of fields) {
        const key = spec.fieldColumns[f.field.replace(/\[\d+\]$/, '')];
        row.issue(key, f.message);
      }
      return 'refused';
    }
  }
}
