import { randomInt } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Response, Test } from 'supertest';
import { DataSource } from 'typeorm';
import { AuthUser, Role } from '../../src/common/auth/auth-user';
import { AuditEntry } from '../../src/common/audit/audit-entry.entity';
import { businessDate } from '../../src/common/time/business-time';
import { ContactsService } from '../../src/enterprises/contacts.service';
import { CreateContactDto } from '../../src/enterprises/dto/contact.dto';
import { CreateEnterpriseDto } from '../../src/enterprises/dto/enterprise.dto';
import { EnterprisesService } from '../../src/enterprises/enterprises.service';
import { USCC_ALPHABET, usccCheckChar } from '../../src/enterprises/uscc';
import { CreateInteractionDto } from '../../src/interactions/dto/interaction.dto';
import { InteractionType } from '../../src/interactions/entities/interaction.entity';
import { InteractionsService } from '../../src/interactions/interactions.service';
import { IndustryChain } from '../../src/reference/entities/industry-chain.entity';
import { INDUSTRY_CHAINS } from '../../src/reference/reference.module';
import { ReferenceService } from '../../src/reference/reference.service';
import { RegionLevel } from '../../src/regions/entities/region-unit.entity';
import { Factory, TestUser } from './factories';
import { TestApp } from './test-app';

/** A string of `n` random CJK characters: a name fragment no other test's record contains. */
export function cjk(n = 4): string {
  return Array.from({ length: n }, () => String.fromCodePoint(0x4e00 + randomInt(0x9fa5 - 0x4e00))).join('');
}

/** A random credit code that passes the checksum. */
export function validCreditCode(prefix = '91'): string {
  let body = prefix;
  while (body.length < 17) body += USCC_ALPHABET[randomInt(USCC_ALPHABET.length)];
  return body + usccCheckChar(body);
}

/** A well-formed credit code whose check character is wrong (like some real early codes). */
export function badChecksumCode(): string {
  const good = validCreditCode();
  const wrong = USCC_ALPHABET[(USCC_ALPHABET.indexOf(good[17] as string) + 1) % USCC_ALPHABET.length] as string;
  return good.slice(0, 17) + wrong;
}

/** The Beijing calendar date `days` from today (negative: before). */
export function dayOffset(days: number): string {
  return businessDate(new Date(Date.now() + days * 86_400_000));
}

export const API = '/api/v1';

/** supertest requests carrying one user's bearer token. */
export interface Client {
  user: TestUser;
  get(url: string): Test;
  post(url: string): Test;
  patch(url: string): Test;
  delete(url: string): Test;
}

/**
 * Asserts an error answer: status, stable `code`, the one error shape and, when given,
 * that `details` names `field`.
 */
export function expectAppError(res: Response, status: number, code: string, field?: string): void {
  const seen = `${res.status} ${JSON.stringify(res.body)}`;
  expect({ status: res.status, code: res.body?.code, seen }).toEqual({ status, code, seen });
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  for (const key of Object.keys(res.body)) expect(['statusCode', 'code', 'message', 'details']).toContain(key);
  if (field !== undefined) {
    const fields = Array.isArray(res.body.details) ? res.body.details.map((d: { field: string }) => d.field) : [];
    expect(fields).toContain(field);
  }
}

/** The ids of a page of items, in order. */
export const ids = (res: Response): string[] => (res.body.items as Array<{ id: string }>).map((i) => i.id);

/**
 * Enterprises, contacts, interactions and the organisation around them, built through the
 * services (fast); requests go through HTTP as the users themselves.
 */
export class CrmFactory {
  readonly db: DataSource;
  private systemAdmin?: AuthUser;

  constructor(
    private readonly t: TestApp,
    readonly f: Factory,
  ) {
    this.db = t.app.get<DataSource>(getDataSourceToken());
  }

  /** A client signed in as `user`. */
  async as(user: TestUser): Promise<Client> {
    const token = await user.token();
    const auth = (r: Test) => r.set('Authorization', `Bearer ${token}`);
    return {
      user,
      get: (url) => auth(this.t.http().get(API + url)),
      post: (url) => auth(this.t.http().post(API + url)),
      patch: (url) => auth(this.t.http().patch(API + url)),
      delete: (url) => auth(this.t.http().delete(API + url)),
    };
  }

  /** A new user of `role` (the shared admin for Role.Admin), signed in. */
  async client(role: Role = Role.Member): Promise<Client> {
    return this.as(role === Role.Admin ? await this.f.adminUser() : await this.f.user({ role }));
  }

  actor(user: TestUser): AuthUser {
    return { id: user.id, username: user.username, displayName: user.username, role: user.role };
  }

  private async admin(): Promise<AuthUser> {
    this.systemAdmin ??= this.actor(await this.f.adminUser());
    return this.systemAdmin;
  }

  /** An enterprise with a unique name (and no credit code unless given), created by the admin. */
  async enterprise(dto: Partial<CreateEnterpriseDto> = {}, by?: TestUser) {
    const actor = by ? this.actor(by) : await this.admin();
    return this.t.app.get(EnterprisesService).create(actor, { name: `${cjk(6)}有限公司`, ...dto });
  }

  async contact(enterpriseId: string, dto: Partial<CreateContactDto> = {}) {
    return this.t.app.get(ContactsService).create(await this.admin(), enterpriseId, { name: `联系人${cjk(2)}`, ...dto });
  }

  async industryChain(name = `产业链${cjk(3)}`) {
    return this.t.app.get<ReferenceService<IndustryChain>>(INDUSTRY_CHAINS).create(await this.admin(), { name });
  }

  /** An interaction logged by `author` (a visit yesterday unless told otherwise). */
  async interaction(author: TestUser, dto: Partial<CreateInteractionDto> & { enterpriseId: string }) {
    return this.t.app.get(InteractionsService).create(this.actor(author), {
      type: InteractionType.Visit,
      occurredAt: dayOffset(-1),
      summary: `拜访${cjk(4)}`,
      ...dto,
    });
  }

  /**
   * The usual organisation of a scope test: city → counties X and Y; teams A and B in X,
   * C in Y; one member in each team; a manager of county X.
   */
  async org() {
    const city = await this.f.region({ level: RegionLevel.City });
    const countyX = await this.f.region({ level: RegionLevel.County, parentId: city.id });
    const countyY = await this.f.region({ level: RegionLevel.County, parentId: city.id });
    const memberA = await this.f.user();
    const memberA2 = await this.f.user();
    const memberB = await this.f.user();
    const memberC = await this.f.user();
    const teamA = await this.f.team({ regionUnitId: countyX.id, memberIds: [memberA.id, memberA2.id] });
    const teamB = await this.f.team({ regionUnitId: countyX.id, memberIds: [memberB.id] });
    const teamC = await this.f.team({ regionUnitId: countyY.id, memberIds: [memberC.id] });
    const managerX = await this.f.manager({ regionUnitIds: [countyX.id] });
    return { city, countyX, countyY, teamA, teamB, teamC, memberA, memberA2, memberB, memberC, managerX };
  }

  /** The audit entries of one record, oldest first. */
  async audit(entity: string, entityId: string): Promise<AuditEntry[]> {
    return this.db.getRepository(AuditEntry).find({ where: { entity, entityId }, order: { id: 'ASC' } });
  }
}
