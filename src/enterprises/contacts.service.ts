import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { ContactView, CreateContactDto, toContactView, UpdateContactDto } from './dto/contact.dto';
import { EnterpriseContact } from './entities/enterprise-contact.entity';
import { enterpriseErrors } from './enterprises.errors';
import { EnterprisesService } from './enterprises.service';

/** Contact people (联系人) of an enterprise: shared like the enterprise itself. */
@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly enterprises: EnterprisesService,
  ) {}

  async list(enterpriseId: string): Promise<ContactView[]> {
    await this.enterprises.findLive(enterpriseId);
    const rows = await this.dataSource.getRepository(EnterpriseContact).find({ where: { enterpriseId }, order: { createdAt: 'ASC' } });
    return rows.map(toContactView);
  }

  async create(actor: AuthUser, enterpriseId: string, dto: CreateContactDto, em?: EntityManager): Promise<ContactView> {
    const work = async (tx: EntityManager) => {
      await this.enterprises.findLive(enterpriseId, tx);
      const contact = await tx.getRepository(EnterpriseContact).save(tx.getRepository(EnterpriseContact).create({ ...nullify(dto), enterpriseId }));
      await this.audit.record(tx, actor, { action: 'create', entity: 'enterprise-contact', entityId: contact.id, after: toContactView(contact) });
      return toContactView(contact);
    };
    return em ? work(em) : this.dataSource.transaction(work);
  }

  async update(actor: AuthUser, enterpriseId: string, id: string, dto: UpdateContactDto): Promise<ContactView> {
    return this.dataSource.transaction(async (em) => {
      const contact = await this.findOrFail(em, enterpriseId, id);
      const before = toContactView(contact);
      Object.assign(contact, dto);
      await em.getRepository(EnterpriseContact).save(contact);
      await this.audit.record(em, actor, { action: 'update', entity: 'enterprise-contact', entityId: id, before, after: toContactView(contact) });
      return toContactView(contact);
    });
  }

  async archive(actor: AuthUser, enterpriseId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const contact = await this.findOrFail(em, enterpriseId, id);
      await em.getRepository(EnterpriseContact).softDelete({ id });
      await this.audit.record(em, actor, { action: 'archive', entity: 'enterprise-contact', entityId: id, before: toContactView(contact) });
    });
  }

  /** For interactions: the ids must all be live contacts of `enterpriseId`. */
  async assertBelong(em: EntityManager, enterpriseId: string, ids: string[], field: string): Promise<void> {
    if (ids.length === 0) return;
    const found = await em.getRepository(EnterpriseContact).findBy({ id: In(ids), enterpriseId });
    if (found.length !== new Set(ids).size) {
      throw enterpriseErrors('CONTACT_NOT_OF_ENTERPRISE', [{ field, message: '有联系人不存在或不属于该企业' }]);
    }
  }

  private async findOrFail(em: EntityManager, enterpriseId: string, id: string): Promise<EnterpriseContact> {
    await this.enterprises.findLive(enterpriseId, em);
    const contact = await em.getRepository(EnterpriseContact).findOne({ where: { id, enterpriseId }, lock: { mode: 'pessimistic_write' } });
    if (!contact) throw enterpriseErrors('CONTACT_NOT_FOUND');
    return contact;
  }
}

function nullify(dto: CreateContactDto): Partial<EnterpriseContact> {
  return {
    name: dto.name,
    title: dto.title ?? null,
    mobile: dto.mobile ?? null,
    landline: dto.landline ?? null,
    email: dto.email ?? null,
    wechat: dto.wechat ?? null,
    notes: dto.notes ?? null,
  };
}
