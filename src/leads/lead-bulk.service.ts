import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, Role } from '../common/auth/auth-user';
import { AppError, commonErrors } from '../common/errors/app-error';
import { UsersService } from '../users/users.service';
import { LEAD_BULK_ACTION_LABELS, LEAD_BULK_FIELDS, LeadBulkAction, LeadBulkDto, LeadBulkFailure, LeadBulkResultView } from './dto/lead-bulk.dto';
import { LeadStage } from './entities/lead-stage';
import { leadErrors } from './leads.errors';
import { LeadsRepository } from './leads.repository';
import { LeadsService } from './leads.service';

/** How many failing leads the refusal's message names (details list them all). */
const NAMED_IN_MESSAGE = 3;

/**
 * Bulk actions on the lead list (改派 / 变更阶段 / 释放): each lead goes through the single
 * action's own rules, checks and audit entry (LeadsService.*Within), all in one transaction.
 * Every lead is tried, each under a savepoint, so the refusal names every lead that fails and
 * why; one failure and nothing is written.
 */
@Injectable()
export class LeadBulkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsService,
    private readonly repo: LeadsRepository,
    private readonly users: UsersService,
  ) {}

  async run(actor: AuthUser, dto: LeadBulkDto): Promise<LeadBulkResultView> {
    refuseStrayFields(dto);
    // Releasing is a manager's decision for every lead alike: refused whole, before any lookup.
    if (dto.action === LeadBulkAction.Release && actor.role === Role.Member) throw leadErrors('LEAD_WRITE_FORBIDDEN', undefined, '只有分管领导或管理员可以释放闲置线索');
    await this.dataSource.transaction(async (em) => {
      const titles = await this.repo.visibleTitles(em, actor, dto.ids);
      const missing = dto.ids.filter((id) => !titles.has(id));
      // 404 as for one lead out of scope; the ids are the caller's own, so naming them reveals nothing.
      if (missing.length) throw commonErrors('NOT_FOUND', { entity: 'lead', ids: missing }, `${missing.length} 条线索不存在或不在您的范围内，全部未执行`);
      if (dto.action === LeadBulkAction.Reassign && (await this.users.findActive([dto.ownerId as string], em)).length === 0) {
        throw leadErrors('LEAD_REFERENCE_INVALID', [{ field: 'ownerId', message: '负责人不存在或已停用' }], '负责人不存在或已停用');
      }
      const failures: LeadBulkFailure[] = [];
      // In id order, so two bulk actions over the same leads lock them in the same order.
      for (const id of [...dto.ids].sort()) {
        try {
          await em.transaction((inner) => this.apply(inner, actor, id, dto));
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= HttpStatus.INTERNAL_SERVER_ERROR) throw err;
          failures.push({ id, title: titles.get(id) ?? '', code: err.code, message: reasonOf(err) });
        }
      }
      if (failures.length) throw refusal(dto, failures);
    });
    return { action: dto.action, count: dto.ids.length, ids: dto.ids };
  }

  private apply(em: EntityManager, actor: AuthUser, id: string, dto: LeadBulkDto): Promise<void> {
    switch (dto.action) {
      case LeadBulkAction.Reassign:
        return this.leads.updateWithin(em, actor, id, { ownerId: dto.ownerId });
      case LeadBulkAction.Move:
        return this.leads.transitionWithin(em, actor, id, { to: dto.to as LeadStage, reason: dto.reason });
      case LeadBulkAction.Release:
        return this.leads.releaseWithin(em, actor, id, dto.reason as string);
    }
  }
}

/** 400 naming a field the action does not take (ownerId on a move …): nothing is guessed. */
function refuseStrayFields(dto: LeadBulkDto): void {
  const allowed = LEAD_BULK_FIELDS[dto.action];
  const stray = (['ownerId', 'to', 'reason'] as const).filter((f) => dto[f] !== undefined && !allowed.includes(f));
  if (stray.length) {
    throw commonErrors(
      'VALIDATION_FAILED',
      stray.map((field) => ({ field, message: `${LEAD_BULK_ACTION_LABELS[dto.action]}（${dto.action}）不接受 ${field}` })),
    );
  }
}

/** The words saying why one lead failed: the field's message where the error names one. */
function reasonOf(err: AppError): string {
  const details = err.details;
  if (Array.isArray(details) && details[0]?.message) return details[0].message;
  return err.message;
}

/**
 * The refusal of the whole action: 403 when every lead failed for want of permission, else 409
 * (the leads' state does not allow it); details list each lead, in the order they were sent.
 */
function refusal(dto: LeadBulkDto, failures: LeadBulkFailure[]): AppError {
  const order = new Map(dto.ids.map((id, i) => [id, i]));
  failures.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const forbidden = failures.every((f) => f.code === 'LEAD_WRITE_FORBIDDEN');
  const named = failures.slice(0, NAMED_IN_MESSAGE).map((f) => `「${f.title}」${f.message}`);
  const more = failures.length > NAMED_IN_MESSAGE ? ` 等 ${failures.length} 条` : '';
  const message = `${failures.length} 条线索不能${LEAD_BULK_ACTION_LABELS[dto.action]}，全部未执行：${named.join('；')}${more}`;
  return leadErrors(forbidden ? 'LEAD_WRITE_FORBIDDEN' : 'LEAD_BULK_REJECTED', { action: dto.action, failures }, message);
}
