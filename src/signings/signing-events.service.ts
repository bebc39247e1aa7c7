import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { fromNumeric, wanYuanToYiYuan } from '../common/money/wan-yuan';
import { mapPage, Page, paginate } from '../common/pagination/page';
import { CreateSigningEventDto, SigningEventQuery, SigningEventView, UpdateSigningEventDto } from './dto/signing.dto';
import { SigningEvent } from './entities/signing-event.entity';
import { Signing } from './entities/signing.entity';
import { signingErrors } from './signings.errors';
import { SigningsRepository } from './signings.repository';

/** Signing events (签约活动 / 网签大会) and their exact totals. */
@Injectable()
export class SigningEventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repo: SigningsRepository,
  ) {}

  async list(query: SigningEventQuery): Promise<Page<SigningEventView>> {
    const qb = this.repo.eventsListed(query);
    const page = await paginate(qb, query, { alias: 'ev', property: 'createdAt', column: 'created_at' });
    return mapPage(page, await this.views(page.items));
  }

  async get(id: string): Promise<SigningEventView> {
    const event = await this.dataSource.getRepository(SigningEvent).findOneBy({ id });
    if (!event) throw notFound('signing-event');
    return (await this.views([event]))[0] as SigningEventView;
  }

  async create(actor: AuthUser, dto: CreateSigningEventDto): Promise<SigningEventView> {
    const event = await this.dataSource.transaction(async (em) => {
      const saved = await em.getRepository(SigningEvent).save(
        em.getRepository(SigningEvent).create({ name: dto.name, heldOn: dto.heldOn, isOnline: dto.isOnline ?? false, location: dto.location ?? null, description: dto.description ?? null }),
      );
      await this.audit.record(em, actor, { action: 'create', entity: 'signing-event', entityId: saved.id, after: { ...dto } });
      return saved;
    });
    return this.get(event.id);
  }

  async update(actor: AuthUser, id: string, dto: UpdateSigningEventDto): Promise<SigningEventView> {
    await this.dataSource.transaction(async (em) => {
      const event = await em.getRepository(SigningEvent).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!event) throw notFound('signing-event');
      if (dto.heldOn !== undefined && dto.heldOn !== event.heldOn && (await em.getRepository(Signing).existsBy({ signingEventId: id }))) {
        throw signingErrors('SIGNING_EVENT_IN_USE', [{ field: 'heldOn', message: '已有签约记录的活动不能改日期' }]);
      }
      const before = { ...event };
      Object.assign(event, dto);
      await em.getRepository(SigningEvent).save(event);
      await this.audit.record(em, actor, { action: 'update', entity: 'signing-event', entityId: id, before, after: { ...event } });
    });
    return this.get(id);
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const event = await em.getRepository(SigningEvent).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!event) throw notFound('signing-event');
      if (await em.getRepository(Signing).existsBy({ signingEventId: id })) throw signingErrors('SIGNING_EVENT_IN_USE');
      await em.getRepository(SigningEvent).delete({ id });
      await this.audit.record(em, actor, { action: 'delete', entity: 'signing-event', entityId: id, before: { ...event } });
    });
  }

  private async views(events: SigningEvent[]): Promise<SigningEventView[]> {
    if (events.length === 0) return [];
    const totals = await this.repo.eventTotals(events.map((e) => e.id));
    return events.map((e) => {
      const t = totals.find((x) => x.id === e.id);
      const total = fromNumeric(t?.total ?? '0');
      return {
        id: e.id,
        name: e.name,
        heldOn: e.heldOn,
        isOnline: e.isOnline,
        location: e.location,
        description: e.description,
        projectCount: t?.projects ?? 0,
        signingCount: t?.signings ?? 0,
        totalAmount: total,
        totalAmountYi: wanYuanToYiYuan(total),
      };
    });
  }
}
