import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Attachment } from './entities/attachment.entity';

/** Every query on the attachments table. */
@Injectable()
export class AttachmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(id: string): Promise<Attachment | null> {
    return this.dataSource.getRepository(Attachment).findOne({ where: { id } });
  }

  insert(em: EntityManager, row: Omit<Attachment, 'id' | 'createdAt'>): Promise<Attachment> {
    const repo = em.getRepository(Attachment);
    return repo.save(repo.create(row));
  }

  /** Removes the row if it is still there; false when another request removed it first. */
  async delete(em: EntityManager, id: string): Promise<boolean> {
    const result = await em.getRepository(Attachment).delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
