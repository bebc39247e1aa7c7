import { once } from 'node:events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import { AuthUser, Role } from '../../common/auth/auth-user';
import { businessDate } from '../../common/time/business-time';
import { EnterpriseQuery } from '../dto/enterprise.dto';
import { EnterpriseContact } from '../entities/enterprise-contact.entity';
import { Enterprise } from '../entities/enterprise.entity';
import { EnterprisesRepository } from '../enterprises.repository';
import { ColumnDef, ColumnKey, ENTERPRISE_COLUMNS } from '../import/import-columns';
import { joinHq } from '../import/import-cells';

/** Enterprises per database read: the export never holds more than one batch. */
export const EXPORT_BATCH_SIZE = 1000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type EnterpriseExportFilter = Omit<EnterpriseQuery, 'cursor' | 'limit'>;

/**
 * How to reach a contact person. The whole company list with these is a gift to whoever leaves
 * with it, so only an admin's export carries them; everyone else's keeps names and positions.
 */
const CONTACT_CHANNELS = new Set<ColumnKey>(['mobile', 'landline', 'email', 'wechat']);

/** The columns `actor`'s export holds: all of the import's for an admin, no contact channels for anyone else. */
export function exportColumns(actor: AuthUser): readonly ColumnDef[] {
  return actor.role === Role.Admin ? ENTERPRISE_COLUMNS : ENTERPRISE_COLUMNS.filter((c) => !CONTACT_CHANNELS.has(c.key));
}

/**
 * The company list as .xlsx, with the import's columns so that an admin's export re-imports
 * unchanged. One row per contact person (an enterprise without contacts gets one row), so no
 * contact is lost on the way out and back; the enterprise columns repeat on each of its rows.
 * Every export is audited with its filters and row count.
 */
@Injectable()
export class EnterpriseExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EnterprisesRepository,
    private readonly audit: AuditService,
  ) {}

  /** Streams the workbook to `res`, reading the list in keyset batches. */
  async write(actor: AuthUser, filter: EnterpriseExportFilter, res: Response): Promise<void> {
    const columns = exportColumns(actor);
    const contactDetails = columns.length === ENTERPRISE_COLUMNS.length;
    const counts = { enterprises: 0, rows: 0 };
    let audited = false;
    // The first read happens before any byte is sent, so a failure there is an ordinary error response.
    let batch = await this.batchAfter(filter, null);
    const filename = `企业库-${businessDate(new Date())}.xlsx`;
    res.status(200);
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="enterprises-${businessDate(new Date())}.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    res.setHeader('Cache-Control', 'no-store');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
    try {
      const sheet = workbook.addWorksheet('企业库', { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
      const header = sheet.addRow(columns.map((c) => c.header));
      header.font = { bold: true };
      header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
      header.commit();
      const dateColumn = columns.findIndex((c) => c.key === 'foundedOn') + 1;
      while (batch.length) {
        const contacts = await this.contactsOf(batch.map((e) => e.id), contactDetails);
        for (const enterprise of batch) {
          counts.enterprises++;
          for (const values of rowsOf(enterprise, contacts.get(enterprise.id) ?? [])) {
            const row = sheet.addRow(columns.map((c) => values[c.key] ?? null));
            if (values.foundedOn) row.getCell(dateColumn).numFmt = 'yyyy-mm-dd';
            row.commit();
            counts.rows++;
          }
        }
        if (!(await writable(res))) {
          // The client went away: stop reading, and record what had been sent.
          audited = true;
          await this.record(actor, filter, contactDetails, counts, false);
          return;
        }
        if (batch.length < EXPORT_BATCH_SIZE) break;
        batch = await this.batchAfter(filter, batch[batch.length - 1] as Enterprise);
      }
      sheet.commit();
      // Recorded once the count is known and before the workbook's closing bytes: a file whose
      // export could not be audited never arrives whole (the catch below cuts it off).
      audited = true;
      await this.record(actor, filter, contactDetails, counts, true);
      await workbook.commit();
    } catch (err) {
      // Headers are out: a cut-off download is better than a file that looks complete.
      res.destroy(err as Error);
      // What went out before the failure is still an export (unless the failure was the audit itself).
      if (!audited) await this.record(actor, filter, contactDetails, counts, false).catch(() => undefined);
      throw err;
    }
  }

  /** One audit entry per export: who, with which filters, how many companies and rows, whether contact details went out. */
  private async record(actor: AuthUser, filter: EnterpriseExportFilter, contactDetails: boolean, counts: { enterprises: number; rows: number }, complete: boolean): Promise<void> {
    await this.audit.recordExport(actor, 'enterprise-export', { filters: filter, enterprises: counts.enterprises, rows: counts.rows, contactDetails, complete });
  }

  /** The next enterprises of the list's filters, oldest first, after `last`. */
  private batchAfter(filter: EnterpriseExportFilter, last: Enterprise | null): Promise<Enterprise[]> {
    return this.repository.batchAfter(filter, last, EXPORT_BATCH_SIZE);
  }

  /** The contacts of these enterprises; their numbers and addresses only when `withChannels` (not read otherwise). */
  private async contactsOf(enterpriseIds: string[], withChannels: boolean): Promise<Map<string, EnterpriseContact[]>> {
    const contacts = await this.dataSource.getRepository(EnterpriseContact).find({
      where: { enterpriseId: In(enterpriseIds) },
      order: { createdAt: 'ASC', id: 'ASC' },
      ...(withChannels ? {} : { select: { id: true, enterpriseId: true, name: true, title: true, createdAt: true } }),
    });
    const byEnterprise = new Map<string, EnterpriseContact[]>();
    for (const c of contacts) {
      const list = byEnterprise.get(c.enterpriseId) ?? [];
      list.push(c);
      byEnterprise.set(c.enterpriseId, list);
    }
    return byEnterprise;
  }
}

type CellValues = Partial<Record<ColumnKey, string | Date | null>>;

function rowsOf(e: Enterprise, contacts: EnterpriseContact[]): CellValues[] {
  const company: CellValues = {
    name: e.name,
    shortName: e.shortName,
    creditCode: e.creditCode,
    forceChecksum: e.creditCodeChecksumOverridden ? '是' : null,
    industryChain: e.industryChain?.name ?? null,
    hq: joinHq(e.hqProvince, e.hqCity) || null,
    tags: e.tags.length ? e.tags.join('、') : null,
    // A real date cell: Excel shows and sorts it as a date; the import reads it back exactly.
    foundedOn: e.foundedOn ? new Date(`${e.foundedOn}T00:00:00Z`) : null,
    notes: e.notes,
  };
  if (contacts.length === 0) return [company];
  return contacts.map((c) => ({
    ...company,
    contactName: c.name,
    contactTitle: c.title,
    mobile: c.mobile,
    landline: c.landline,
    email: c.email,
    wechat: c.wechat,
  }));
}

/** Waits while the client is slower than the database; false once the client has gone. */
async function writable(res: Response): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.writableNeedDrain) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}
