import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { formatWanYuan, fromNumeric, toUnits, wanYuanToYiYuan } from '../common/money/wan-yuan';
import { ReportWorkbook, startXlsxDownload } from '../common/spreadsheet/report-workbook';
import { businessDate } from '../common/time/business-time';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { mapPage, Page, paginate } from '../common/pagination/page';
import { CreateSigningEventDto, SigningEventExportQuery, SigningEventQuery, SigningEventView, UpdateSigningEventDto } from './dto/signing.dto';
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
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  async list(query: SigningEventQuery): Promise<Page<SigningEventView>> {
    const qb = this.repo.eventsListed(query);
    const page = await paginate(qb, query, { alias: 'ev', property: 'createdAt', column: 'created_at' });
    return mapPage(page, await this.views(page.items));
  }

  /**
   * 签约活动.xlsx: every event of the year (or all), latest first or by total (exact, largest
   * first; ties latest first), 序号 in that order, and the 合计; audited as an export.
   */
  async xlsx(actor: AuthUser, query: SigningEventExportQuery, res: Response): Promise<void> {
    const events = await this.repo.eventsListed(query).orderBy('ev.held_on', 'DESC').addOrderBy('ev.id', 'ASC').getMany();
    const views = await this.views(events);
    if (query.sort === 'amount') views.sort((a, b) => { const d = toUnits(b.totalAmount) - toUnits(a.totalAmount); return d > 0n ? 1 : d < 0n ? -1 : 0; });
    await this.audit.recordExport(actor, 'signing-events-export', { filters: query, rows: views.length, complete: true });
    const title = `${query.year ? `${query.year}年` : ''}签约活动一览`;
    startXlsxDownload(res, `signing-events${query.year ? `-${query.year}` : ''}`, title);
    const total = formatWanYuan(views.reduce((sum, v) => sum + toUnits(v.totalAmount), 0n));
    const book = new ReportWorkbook(res);
    const sheet = book.addSheet(
      {
        sheetName: '签约活动',
        title,
        facts: [`签约活动 ${views.length} 场`, `签约总额 ${wanYuanToYiYuan(total)} 亿元`, query.sort === 'amount' ? '按签约总额从大到小' : '按日期从近到远'],
        units: '金额单位：万元',
        issuer: this.rules.issuer,
        issuedOn: businessDate(new Date()),
        frozenColumns: 2,
      },
      [
        { header: '序号', format: 'index' },
        { header: '活动名称', wrap: true, width: 30 },
        { header: '举办日期', format: 'date' },
        { header: '方式' },
        { header: '地点', wrap: true, width: 20 },
        { header: '签约项目数', format: 'count' },
        { header: '签约笔数', format: 'count' },
        { header: '签约总额（万元）', format: 'amount' },
      ],
    );
    views.forEach((v, n) => sheet.addRow([n + 1, v.name, v.heldOn, v.isOnline ? '网上签约' : '现场', v.location, v.projectCount, v.signingCount, v.totalAmount]));
    sheet.addRow(['合计', `${views.length}场`, null, null, null, views.reduce((k, v) => k + v.projectCount, 0), views.reduce((k, v) => k + v.signingCount, 0), total], 'total');
    sheet.finish([`签约总额合计 ${total} 万元，即 ${wanYuanToYiYuan(total)} 亿元；只计已认定的签约，补充签约计增加的金额。`]);
    await book.commit();
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
