import { enterpriseSnapshot } from '../enterprise-snapshot';
import { randomUUID } from 'node:crypto';
import { EnterpriseTag } from '../entities/enterprise.entity';
import type { PreparedSearch } from './import-search';
import { ImportContact, ImportIssue, ImportRow } from './import-rows';

/** An enterprise as the import sees it: loaded from the database, or made by an earlier row. */
export interface EnterpriseState {
  id: string;
  /** In the database: loaded from it, or written by a committed batch of this run. */
  persisted: boolean;
  /** The file row that created it; null for an enterprise that was in the database. */
  firstRow: number | null;
  archived: boolean;
  name: string;
  normalizedName: string;
  shortName: string | null;
  creditCode: string | null;
  creditCodeChecksumOverridden: boolean;
  industryChainId: string | null;
  hqProvince: string | null;
  hqCity: string | null;
  tags: EnterpriseTag[];
  foundedOn: string | null;
  notes: string | null;
  /** Search columns of its current name and short name, when computed ahead (made by a row of the real run). */
  search?: PreparedSearch;
}

export type EnterpriseSnapshot = Omit<EnterpriseState, 'id' | 'persisted' | 'firstRow' | 'archived' | 'normalizedName' | 'search'>;

export interface ExistingContact {
  enterpriseId: string;
  name: string;
  mobile: string | null;
}

export type RowOutcome =
  | { kind: 'created' | 'updated' | 'unchanged'; enterprise: EnterpriseState; contactCreated: boolean; warnings: ImportIssue[] }
  | { kind: 'error'; error: ImportIssue };

/** What one batch changes, for the writer: new enterprises, filled ones (with their state before), new contacts. */
export interface BatchChanges {
  created: EnterpriseState[];
  updated: Map<EnterpriseState, EnterpriseSnapshot>;
  contacts: Array<{ id: string; enterpriseId: string; contact: ImportContact }>;
}

export const snapshotOf = (e: EnterpriseState): EnterpriseSnapshot => enterpriseSnapshot(e);

/**
 * The matching state of one pass over a file: every enterprise the file has touched so far,
 * by credit code and by normalised name, and every contact it knows. A row matches by credit
 * code, else by normalised name, against the database and the earlier rows alike; a match
 * only fills empty fields. The dry run and the real run apply the same rows the same way.
 */
export class ImportPlan {
  private readonly byCode = new Map<string, EnterpriseState>();
  private readonly byName = new Map<string, EnterpriseState>();
  private readonly byId = new Map<string, EnterpriseState>();
  private readonly contactKeys = new Set<string>();
  private changes: BatchChanges = emptyChanges();

  /** @param trackChanges collect what a batch writes (the real run); the dry run only counts. */
  constructor(private readonly trackChanges: boolean) {}

  /** The credit codes and names of `rows` that this plan has not seen, to look up in the database. */
  unknownKeys(rows: ImportRow[]): { codes: string[]; names: string[] } {
    const codes = new Set<string>();
    const names = new Set<string>();
    for (const r of rows) {
      if (r.creditCode && !this.byCode.has(r.creditCode)) codes.add(r.creditCode);
      if (!this.byName.has(r.normalizedName)) names.add(r.normalizedName);
    }
    return { codes: [...codes], names: [...names] };
  }

  /** Adds enterprises found in the database (and their contacts); returns the ids new to the plan. */
  addExisting(found: Array<Omit<EnterpriseState, 'persisted' | 'firstRow'> & { aliases?: { codes: string[]; names: string[] } }>): string[] {
    const added: string[] = [];
    for (const { aliases, ...e } of found) {
      let state = this.byId.get(e.id);
      if (!state) {
        state = { ...e, persisted: true, firstRow: null };
        this.byId.set(e.id, state);
        added.push(e.id);
      }
      // Its own keys, then those of enterprises merged into it.
      for (const code of [state.creditCode, ...(aliases?.codes ?? [])]) if (code && !this.byCode.has(code)) this.byCode.set(code, state);
      for (const name of [state.normalizedName, ...(aliases?.names ?? [])]) if (!this.byName.has(name)) this.byName.set(name, state);
    }
    return added;
  }

  addContacts(contacts: ExistingContact[]): void {
    for (const c of contacts) this.contactKeys.add(contactKey(c.enterpriseId, c.name, c.mobile));
  }

  /** Applies one valid row: creates, fills or leaves an enterprise, and adds its contact if new. */
  apply(row: ImportRow): RowOutcome {
    const warnings: ImportIssue[] = [];
    const byCode = row.creditCode ? this.byCode.get(row.creditCode) : undefined;
    const byName = this.byName.get(row.normalizedName);
    let target: EnterpriseState;
    let kind: 'created' | 'updated' | 'unchanged';
    if (byCode) {
      target = byCode;
      if (byCode.normalizedName !== row.normalizedName) {
        warnings.push({ row: row.row, message: `信用代码与${where(byCode)}「${byCode.name}」相同而名称不同：已按信用代码视为同一企业，名称未改` });
      }
      kind = this.fill(target, row, warnings);
    } else if (byName) {
      if (row.creditCode && byName.creditCode && byName.creditCode !== row.creditCode) {
        return {
          kind: 'error',
          error: { row: row.row, message: `企业名称与${where(byName)}「${byName.name}」相同，但信用代码不同（${byName.creditCode} / ${row.creditCode}）：请核对是否同一企业` },
        };
      }
      target = byName;
      kind = this.fill(target, row, warnings);
    } else {
      target = this.create(row);
      kind = 'created';
    }
    if (target.archived) warnings.push({ row: row.row, message: `企业「${target.name}」已归档：导入不会恢复它` });
    const contactCreated = row.contact ? this.addContact(target, row.contact) : false;
    return { kind, enterprise: target, contactCreated, warnings };
  }

  /** What the batch since the last call changed; starts the next batch. */
  takeChanges(): BatchChanges {
    const taken = this.changes;
    this.changes = emptyChanges();
    return taken;
  }

  /** Takes enterprises as the database stored them after a fill. */
  refresh(stored: Array<Omit<EnterpriseState, 'persisted' | 'firstRow'>>): void {
    for (const row of stored) {
      const state = this.byId.get(row.id);
      if (!state) continue;
      Object.assign(state, row);
      state.search = undefined; // as stored: worked out again from the stored names if written again
      if (state.creditCode && !this.byCode.has(state.creditCode)) this.byCode.set(state.creditCode, state);
    }
  }

  /** After a batch commits: its new enterprises are in the database now. */
  markPersisted(created: EnterpriseState[]): void {
    for (const e of created) {
      e.persisted = true;
      // Written: the plan keeps 50,000 of these, and the search columns are most of their size.
      e.search = undefined;
    }
  }

  private create(row: ImportRow): EnterpriseState {
    const state: EnterpriseState = {
      id: randomUUID(),
      persisted: false,
      firstRow: row.row,
      archived: false,
      name: row.name,
      normalizedName: row.normalizedName,
      shortName: row.shortName,
      creditCode: row.creditCode,
      creditCodeChecksumOverridden: row.checksumOverridden,
      industryChainId: row.industryChainId,
      hqProvince: row.hqProvince,
      hqCity: row.hqCity,
      tags: [...row.tags],
      foundedOn: row.foundedOn,
      notes: row.notes,
      search: row.search,
    };
    this.byId.set(state.id, state);
    this.byName.set(state.normalizedName, state);
    if (state.creditCode) this.byCode.set(state.creditCode, state);
    if (this.trackChanges) this.changes.created.push(state);
    return state;
  }

  /** Fills the target's empty fields from the row; values that differ are kept and reported. */
  private fill(target: EnterpriseState, row: ImportRow, warnings: ImportIssue[]): 'updated' | 'unchanged' {
    const before = snapshotOf(target);
    const differs: string[] = [];
    let filled = false;
    const simple = (key: 'shortName' | 'industryChainId' | 'foundedOn' | 'notes', label: string) => {
      const value = row[key];
      if (value === null) return;
      if (target[key] === null) {
        target[key] = value;
        // A new short name changes the search columns: computed again when written.
        if (key === 'shortName') target.search = undefined;
        filled = true;
      } else if (target[key] !== value) {
        differs.push(label);
      }
    };
    simple('shortName', '企业简称');
    if (row.creditCode && !target.creditCode) {
      target.creditCode = row.creditCode;
      target.creditCodeChecksumOverridden = row.checksumOverridden;
      this.byCode.set(row.creditCode, target);
      filled = true;
    }
    simple('industryChainId', '所属产业链');
    if (!row.hqProvince && row.hqCity) {
      // A bare city: it fills only a record that has no place at all.
      if (!target.hqProvince && !target.hqCity) {
        target.hqCity = row.hqCity;
        filled = true;
      } else if (target.hqCity !== row.hqCity) {
        differs.push('总部所在地');
      }
    }
    if (row.hqProvince) {
      if (!target.hqProvince) {
        target.hqProvince = row.hqProvince;
        target.hqCity = row.hqCity;
        filled = true;
      } else if (target.hqProvince !== row.hqProvince) {
        differs.push('总部所在地');
      } else if (row.hqCity && !target.hqCity) {
        target.hqCity = row.hqCity;
        filled = true;
      } else if (row.hqCity && target.hqCity !== row.hqCity) {
        differs.push('总部所在地');
      }
    }
    if (row.tags.length) {
      if (target.tags.length === 0) {
        target.tags = [...row.tags];
        filled = true;
      } else if (!sameSet(target.tags, row.tags)) {
        differs.push('标签');
      }
    }
    simple('foundedOn', '成立日期');
    simple('notes', '备注');
    if (differs.length) {
      warnings.push({ row: row.row, message: `${where(target)}「${target.name}」的${differs.join('、')}与本行不同：导入只补充空白字段，原值保留` });
    }
    if (filled && target.persisted && this.trackChanges && !this.changes.updated.has(target)) this.changes.updated.set(target, before);
    return filled ? 'updated' : 'unchanged';
  }

  private addContact(target: EnterpriseState, contact: ImportContact): boolean {
    const key = contactKey(target.id, contact.name, contact.mobile);
    if (this.contactKeys.has(key)) return false;
    this.contactKeys.add(key);
    if (this.trackChanges) this.changes.contacts.push({ id: randomUUID(), enterpriseId: target.id, contact });
    return true;
  }
}

/** Contacts are the same person when enterprise, name and mobile agree. */
function contactKey(enterpriseId: string, name: string, mobile: string | null): string {
  return `${enterpriseId}\u0000${name}\u0000${mobile ?? ''}`;
}

function where(e: EnterpriseState): string {
  return e.firstRow === null ? '已有企业' : `第 ${e.firstRow} 行的企业`;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function emptyChanges(): BatchChanges {
  return { created: [], updated: new Map(), contacts: [] };
}
