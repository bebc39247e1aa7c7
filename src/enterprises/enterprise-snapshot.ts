import { Enterprise } from './entities/enterprise.entity';

/** The fields of an enterprise the audit trail records (edits, merges and imports alike). */
export type EnterpriseFields = Pick<
  Enterprise,
  'name' | 'shortName' | 'creditCode' | 'creditCodeChecksumOverridden' | 'industryChainId' | 'hqProvince' | 'hqCity' | 'tags' | 'foundedOn' | 'notes'
>;

export function enterpriseSnapshot(e: EnterpriseFields): EnterpriseFields {
  return {
    name: e.name,
    shortName: e.shortName,
    creditCode: e.creditCode,
    creditCodeChecksumOverridden: e.creditCodeChecksumOverridden,
    industryChainId: e.industryChainId,
    hqProvince: e.hqProvince,
    hqCity: e.hqCity,
    tags: [...e.tags],
    foundedOn: e.foundedOn,
    notes: e.notes,
  };
}
