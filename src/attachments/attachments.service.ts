import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessRepository } from '../access/access.repository';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { AppError, notFound } from '../common/errors/app-error';
import { StoredUpload } from '../common/spreadsheet/upload.interceptor';
import { InteractionsService } from '../interactions/interactions.service';
import { ProjectsService } from '../projects/projects.service';
import { AttachmentViewRow, AttachmentViewsReadModel } from './attachment-views.read-model';
import { attachmentErrors } from './attachments.errors';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentView, toAttachmentView, UploadAttachmentDto } from './dto/attachment.dto';
import { Attachment } from './entities/attachment.entity';
import { isInlineType, sniffFile } from './file-types';
import { MissingObjectError } from './storage/attachment-storage';
import { AttachmentStores } from './storage/attachment-stores';

/** The record a file belongs to. */
export type RecordRef = { kind: 'interaction' | 'project'; id: string };

/** What the permission rules need of a record the caller can see. */
interface VisibleRecord {
  teamId: string | null;
  /** The interaction's author, the project's 负责人. */
  ownerId: string | null;
}

/** An attachment's bytes, ready to send. */
export interface AttachmentContent {
  stream: Readable;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  inline: boolean;
}

/**
 * Files on 对接记录 and projects. An attachment is seen by whoever sees its record (else 404,
 * as for the record); added by those who work on the record (its team, the interaction's author
 * or the project's 负责人, the managers above, admins); removed by its uploader, the record's
 * author/负责人, a manager above the record's team, or an admin.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stores: AttachmentStores,
    private readonly repo: AttachmentsRepository,
    private readonly views: AttachmentViewsReadModel,
    private readonly audit: AuditService,
    private readonly scope: AccessRepository,
    private readonly interactions: InteractionsService,
    private readonly projects: ProjectsService,
  ) {}

  async list(actor: AuthUser, ref: RecordRef): Promise<AttachmentView[]> {
    const record = await this.visibleRecord(actor, ref);
    const rows = ref.kind === 'interaction' ? await this.views.ofInteraction(ref.id) : await this.views.ofProject(ref.id);
    const manages = await this.managesRecord(actor, record);
    return rows.map((row) => toAttachmentView(row, manages || row.uploaded_by_id === actor.id));
  }

  async upload(actor: AuthUser, ref: RecordRef, file: StoredUpload | undefined, dto: UploadAttachmentDto): Promise<AttachmentView> {
    const record = await this.visibleRecord(actor, ref);
    if (!(await this.mayAdd(actor, record))) throw attachmentErrors('ATTACHMENT_WRITE_FORBIDDEN');
    if (!file) throw attachmentErrors('ATTACHMENT_FILE_MISSING', [{ field: 'file', message: '请选择要上传的文件' }]);
    if (file.size === 0) throw attachmentErrors('ATTACHMENT_FILE_EMPTY', [{ field: 'file', message: '文件是空的' }]);
    const fileName = cleanFileName(file.originalname);
    const type = await sniffFile(file.path, fileName);
    if (!type) throw attachmentErrors('ATTACHMENT_TYPE_REFUSED', [{ field: 'file', message: '不支持的文件类型' }]);
    const sha256 = await hashFile(file.path);
    const now = new Date();
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
    const storage = this.stores.current;
    await storage.put(key, file.path, file.size, type.contentType);
    let id: string;
    try {
      id = await this.dataSource.transaction(async (em) => {
        const row = await this.repo.insert(em, {
          interactionId: ref.kind === 'interaction' ? ref.id : null,
          projectId: ref.kind === 'project' ? ref.id : null,
          fileName,
          contentType: type.contentType,
          sizeBytes: String(file.size),
          sha256,
          storage: storage.kind,
          storageKey: key,
          note: dto.note?.trim() || null,
          uploadedById: actor.id,
        });
        await this.audit.record(em, actor, { action: 'create', entity: 'attachment', entityId: row.id, after: auditSnapshot(row) });
        return row.id;
      });
    } catch (err) {
      // The row never came: its bytes must not stay behind.
      await storage.remove(key).catch(() => undefined);
      throw err;
    }
    return toAttachmentView((await this.views.one(id)) as AttachmentViewRow, true);
  }

  /** The bytes of an attachment the caller may see (404 otherwise, and when the bytes are lost). */
  async content(actor: AuthUser, id: string): Promise<AttachmentContent> {
    const attachment = await this.findVisible(actor, id);
    let stream: Readable;
    try {
      stream = await this.stores.of(attachment.storage, attachment.storageKey).read(attachment.storageKey);
    } catch (err) {
      if (!(err instanceof MissingObjectError)) throw err;
      this.logger.error(`attachment ${id}: ${err.message}`);
      throw attachmentErrors('ATTACHMENT_CONTENT_MISSING');
    }
    return {
      stream,
      fileName: attachment.fileName,
      contentType: attachment.contentType,
      sizeBytes: Number(attachment.sizeBytes),
      inline: isInlineType(attachment.contentType),
    };
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    const attachment = await this.findVisible(actor, id);
    const record = await this.visibleRecord(actor, refOf(attachment));
    if (attachment.uploadedById !== actor.id && !(await this.managesRecord(actor, record))) throw attachmentErrors('ATTACHMENT_DELETE_FORBIDDEN');
    const removed = await this.dataSource.transaction(async (em) => {
      if (!(await this.repo.delete(em, id))) return false;
      await this.audit.record(em, actor, { action: 'delete', entity: 'attachment', entityId: id, before: auditSnapshot(attachment) });
      return true;
    });
    if (!removed) throw notFound('attachment');
    // After the commit: a failure here leaves unreachable bytes, never a row without them.
    await Promise.resolve()
      .then(() => this.stores.of(attachment.storage, attachment.storageKey).remove(attachment.storageKey))
      .catch((err: Error) => this.logger.warn(`attachment ${id}: bytes not removed: ${err.message}`));
  }

  private async findVisible(actor: AuthUser, id: string): Promise<Attachment> {
    const attachment = await this.repo.find(id);
    if (!attachment) throw notFound('attachment');
    try {
      await this.visibleRecord(actor, refOf(attachment));
    } catch (err) {
      // Out of scope: the attachment does not exist for this caller either.
      if (err instanceof AppError && err.code === 'NOT_FOUND') throw notFound('attachment');
      throw err;
    }
    return attachment;
  }

  /** The record if the caller sees it, else the record's own 404. */
  private async visibleRecord(actor: AuthUser, ref: RecordRef): Promise<VisibleRecord> {
    if (ref.kind === 'interaction') {
      const interaction = await this.interactions.get(actor, ref.id);
      return { teamId: interaction.team.id, ownerId: interaction.author.id };
    }
    const project = await this.projects.findVisible(this.dataSource.manager, actor, ref.id);
    return { teamId: project.teamId, ownerId: project.ownerUserId };
  }

  private async mayAdd(actor: AuthUser, record: VisibleRecord): Promise<boolean> {
    if (actor.role === Role.Admin || record.ownerId === actor.id) return true;
    // A project without a team is seen by managers through its county: theirs to document.
    if (!record.teamId) return actor.role === Role.Manager;
    return this.scope.canWorkForTeam(actor, record.teamId);
  }

  /** Whether the caller may remove anyone's file on the record: its author/负责人, a manager above its team, an admin. */
  private async managesRecord(actor: AuthUser, record: VisibleRecord): Promise<boolean> {
    if (actor.role === Role.Admin || record.ownerId === actor.id) return true;
    if (actor.role !== Role.Manager) return false;
    return record.teamId ? this.scope.canManageTeam(actor, record.teamId) : true;
  }
}

const refOf = (a: Attachment): RecordRef => (a.interactionId ? { kind: 'interaction', id: a.interactionId } : { kind: 'project', id: a.projectId as string });

const auditSnapshot = (a: Attachment) => ({
  fileName: a.fileName,
  contentType: a.contentType,
  sizeBytes: a.sizeBytes,
  sha256: a.sha256,
  interactionId: a.interactionId,
  projectId: a.projectId,
  note: a.note,
});

/** The name without any client path, control characters or excess length; never empty. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!clean) return '附件';
  if (clean.length <= 255) return clean;
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(clean)?.[0] ?? '';
  return clean.slice(0, 255 - ext.length) + ext;
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
