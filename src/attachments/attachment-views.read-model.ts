import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Foreign tables the attachment lists read: the uploader's name. */
export const READS = ['users'] as const;

export interface AttachmentViewRow {
  id: string;
  interaction_id: string | null;
  project_id: string | null;
  file_name: string;
  content_type: string;
  size_bytes: string;
  note: string | null;
  uploaded_by_id: string;
  uploaded_by_name: string | null;
  created_at: Date;
}

const SELECT = `
  SELECT a.id, a.interaction_id, a.project_id, a.file_name, a.content_type, a.size_bytes, a.note,
         a.uploaded_by_id, u.display_name AS uploaded_by_name, a.created_at
    FROM attachments a
    LEFT JOIN users u ON u.id = a.uploaded_by_id`;

/** Attachments as their lists show them, newest first. */
@Injectable()
export class AttachmentViewsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  ofInteraction(interactionId: string): Promise<AttachmentViewRow[]> {
    return this.dataSource.query(`${SELECT} WHERE a.interaction_id = $1 ORDER BY a.created_at DESC, a.id`, [interactionId]);
  }

  ofProject(projectId: string): Promise<AttachmentViewRow[]> {
    return this.dataSource.query(`${SELECT} WHERE a.project_id = $1 ORDER BY a.created_at DESC, a.id`, [projectId]);
  }

  async one(id: string): Promise<AttachmentViewRow | null> {
    const [row] = (await this.dataSource.query(`${SELECT} WHERE a.id = $1`, [id])) as AttachmentViewRow[];
    return row ?? null;
  }
}
