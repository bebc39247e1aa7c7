import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { AppError, FieldIssue } from '../common/errors/app-error';
import { normalizeUscc } from '../enterprises/uscc';
import { normalizeEnterpriseName } from '../enterprises/enterprise-name';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { CellValue } from '../enterprises/import/import-cells';
import { importErrors } from '../enterprises/import/import.errors';
import { openSpreadsheet, SheetInfo } from '../enterprises/import/spreadsheet-reader';
import type { SheetColumn } from '../leads/lead-sheet';
import { amountOf, dateOf, textOf, yesNoOf } from './history-cells';
import { HistoryDirectoryReadModel, NamedRow } from './history-directory.read-model';
import { HistoryImportReport, HistoryReportBuilder } from './history-report';
import { keyedRows, SheetLayout } from './history-sheet';

/** History files are years of one city's records; a larger file is more likely a mistake. */
export const MAX_HISTORY_ROWS = 20_000;

/** A row refused before anything was written, with its issues. */
export class RowRefused extends Error {}

/** One data row as a row spec reads it: typed cells by column key, issues recorded by column. */
export class HistoryRowReader<K extends string> {
  readonly issues: Array<{ column?: string; message: string }> = [];

  constructor(
    readonly row: number,
    private readonly cells: Map<K, CellValue>,
    private readonly layout: SheetLayout<K>,
    private readonly columns: ReadonlyArray<SheetColumn<K>>,
  ) {}

  /** The header of the column as the file writes it (or as the export does, when absent). */
  header(key: K): string {
    return this.layout.columns.get(key)?.header ?? this.columns.find((c) => c.key === key)?.header ?? key;
  }

  has(key: K): boolean {
    return this.layout.columns.has(key);
  }

  issue(key: K | undefined, message: string): void {
    this.issues.push({ ...(key ? { column: this.header(key) } : {}), message });
  }

  /** Text of the cell, null when blank (an issue when required); `max` characters at most. */
  text(key: K, options: { required?: boolean; max?: number } = {}): string | null {
    const parsed = textOf(this.cells.get(key) ?? null, this.header(key));
    if (!parsed.ok) return this.fail(key, parsed.message);
    const text = parsed.value.trim();
    if (!text) {
      // A merged cell keeps its value in its first row only: the others read blank.
      if (options.required) this.issue(key, `${this.header(key)}不能为空（如为合并单元格，请取消合并并在每一行填写）`);
      return null;
    }
    if (options.max !== undefined && Array.from(text).length > options.max) return this.fail(key, `${this.header(key)}不能超过 ${options.max} 个字`);
    return text;
  }

  date(key: K, options: { required?: boolean; latest?: string } = {}): string | null {
    const cell = this.cells.get(key) ?? null;
    if (this.blank(cell)) {
      if (options.required) this.issue(key, `${this.header(key)}不能为空`);
      return null;
    }
    const parsed = dateOf(cell, this.header(key), options.latest);
    return parsed.ok ? parsed.value : this.fail(key, parsed.message);
  }

  amount(key: K): string | null {
    const cell = this.cells.get(key) ?? null;
    if (this.blank(cell)) return null;
    const parsed = amountOf(cell, this.header(key), this.layout.columns.get(key)?.scale ?? 0);
    return parsed.ok ? parsed.value : this.fail(key, parsed.message);
  }

  yesNo(key: K): boolean | null {
    const cell = this.cells.get(key) ?? null;
    if (this.blank(cell)) return null;
    const parsed = yesNoOf(cell, this.header(key));
    return parsed.ok ? parsed.value : this.fail(key, parsed.message);
  }

  private blank(cell: CellValue): boolean {
    return cell === null || (typeof cell === 'string' && cell.trim() === '');
  }

  private fail(key: K, message: string): null {
    this.issue(key, message);
    return null;
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
    const name = row.text(nameKey, { required: true });
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

  team<K extends string>(row: HistoryRowReader<K>, key: K): Promise<string | null> {
    return this.one(row, key, '招商队', (name) => this.directory.teams(this.em, name), { required: true, hint: '请写作「所属区域/招商队名称」', inactive: '已撤销' });
  }

  user<K extends string>(row: HistoryRowReader<K>, key: K, what: string, name?: string): Promise<string | null> {
    return this.one(row, key, what, (k) => this.directory.users(this.em, k), { required: name === undefined, hint: '请改填其手机号', inactive: '已停用', name });
  }

  chain<K extends string>(row: HistoryRowReader<K>, key: K): Promise<string | null> {
    return this.one(row, key, '产业链', (name) => this.directory.chains(this.em, name), { required: true, inactive: '已停用' });
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
    options: { required?: boolean; hint?: string; inactive?: string; name?: string },
  ): Promise<string | null> {
    const name = options.name ?? row.text(key, { required: options.required });
    if (!name) return null;
    const cacheKey = `${what}\u0000${name}`;
    let found = this.cache.get(cacheKey);
    if (!found) {
      found = await find(name);
      this.cache.set(cacheKey, found);
    }
    if (found.length === 0) {
      row.issue(key, `${what}「${name}」不存在`);
      return null;
    }
    if (found.length > 1) {
      const places = found.map((f) => f.place).filter((p): p is string => !!p);
      row.issue(key, `有 ${found.length} 个${what}叫「${name}」${places.length ? `（${places.join('、')}）` : ''}，无法确定是哪一个${options.hint ? `：${options.hint}` : ''}`);
      return null;
    }
    const only = found[0] as NamedRow;
    if (only.inactive) {
      row.issue(key, `${what}「${name}」${options.inactive ?? '已停用'}`);
      return null;
    }
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
    try {
      return await this.dataSource.transaction(async (em) => {
        await this.directory.lockImports(em);
        const out = new HistoryReportBuilder(dryRun, sheet.kind, sheet.encoding);
        const names = new NameResolver(em, this.directory, this.enterprises);
        const info: SheetInfo = { otherSheets: [] };
        let layout: SheetLayout<K> | null = null;
        const rows = keyedRows(sheet, spec.columns, info, (l: SheetLayout<K>) => {
          layout = l;
          out.report.headerRow = l.headerRow;
          if (l.ignored.length) {
            out.report.ignoredColumns = l.ignored;
            out.warnFile(`以下列不认识，未导入：${l.ignored.map((h) => `「${h}」`).join('')}`);
          }
        }, (row) => out.warn({ row, message: '合计行，未导入' }));
        for await (const { row, cells } of rows) {
          if (++out.report.totalRows > MAX_HISTORY_ROWS) {
            throw importErrors('IMPORT_TOO_MANY_ROWS', { maxRows: MAX_HISTORY_ROWS }, `一次最多导入 ${MAX_HISTORY_ROWS} 行，请把文件拆开分批导入`);
          }
          const reader = new HistoryRowReader(row, cells, layout as unknown as SheetLayout<K>, spec.columns);
          const outcome = await this.importRow(em, actor, reader, names, spec);
          if (outcome === 'refused') reader.issues.forEach((i) => out.error({ row, ...i }));
          else out.report[outcome]++;
        }
        if (out.report.totalRows === 0) throw importErrors('IMPORT_NO_ROWS');
        if (info.sheetName !== undefined) out.report.sheet = info.sheetName;
        if (info.otherSheets.length) out.warnFile(`只导入了第一个工作表「${info.sheetName ?? ''}」，${info.otherSheets.map((n) => `「${n}」`).join('')}没有读取`);
        const report = out.finish();
        if (dryRun || report.errorRows > 0) throw new RolledBack(report);
        return report;
      });
    } catch (err) {
      if (!(err instanceof RolledBack)) throw err;
      if (dryRun) return err.report;
      throw importErrors('IMPORT_ROWS_INVALID', { ...err.report }, `有 ${err.report.errorRows} 行数据有误，未导入任何数据：请按报告修改后重新上传`);
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
