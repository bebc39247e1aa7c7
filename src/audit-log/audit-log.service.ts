import { Injectable } from '@nestjs/common';
import { AuditService } from '../common/audit/audit.service';
import { AuditQuery } from '../common/audit/audit.dto';
import { mapPage, Page } from '../common/pagination/page';
import { referencedIds } from './audit-refs';
import { AuditNamesReadModel, NamedRecord } from './audit-names.read-model';
import { AuditLogEntryView } from './dto/audit-log.dto';

/** 操作日志 as people read it: the trail of src/common/audit, with names instead of ids. */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly audit: AuditService,
    private readonly names: AuditNamesReadModel,
  ) {}

  async list(query: AuditQuery): Promise<Page<AuditLogEntryView>> {
    const page = await this.audit.list(query);
    // Every id the page needs named, by record type: one query per type, not per row.
    const wanted = new Map<string, Set<string>>();
    const want = (type: string, id: string | null) => {
      if (!id || !this.names.names(type)) return;
      if (!wanted.has(type)) wanted.set(type, new Set());
      wanted.get(type)?.add(id);
    };
    for (const e of page.items) {
      want('user', e.actorId);
      want(e.entity, e.entityId);
      referencedIds(e.changes, wanted);
    }
    const found = new Map<string, Map<string, NamedRecord>>();
    for (const [type, ids] of wanted) found.set(type, new Map((await this.names.find(type, [...ids])).map((r) => [r.id, r])));

    return mapPage(
      page,
      page.items.map((e): AuditLogEntryView => {
        const subject = found.get(e.entity)?.get(e.entityId);
        const names: Record<string, string> = {};
        const refs = new Map<string, Set<string>>();
        referencedIds(e.changes, refs);
        for (const [type, ids] of refs) for (const id of ids) {
          const name = found.get(type)?.get(id)?.name;
          if (name) names[id] = name;
        }
        return {
          ...e,
          actorDisplayName: (e.actorId && found.get('user')?.get(e.actorId)?.name) || null,
          subject: { name: subject?.name ?? null, linkType: subject?.link_type ?? null, linkId: subject?.link_id ?? null },
          names,
        };
      }),
    );
  }
}
