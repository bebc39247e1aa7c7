import type { EnterpriseView } from '../../api/views';

/** src/enterprises/entities/enterprise.entity.ts EnterpriseTag, in the order people think of them. */
export const ENTERPRISE_TAGS: ReadonlyArray<EnterpriseView['tags'][number]> = ['世界500强', '中国500强', '民营500强', '上市公司', '头部企业', '央企/国企'];

/** 11-digit mainland mobile (src/users/dto/user.dto.ts MOBILE_PATTERN); the server checks again. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** GET /industry-chains and /source-regions items (src/reference: not declared in the OpenAPI document). */
export interface IndustryChain {
  id: string;
  name: string;
  description: string | null;
  sortOrder: number;
  isActive: boolean;
}

export interface SourceRegion extends IndustryChain {
  isPrimary: boolean;
}
