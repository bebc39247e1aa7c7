import { RollupSigningPayload } from '../queue/jobs';

/** What the registry's background jobs need of the registry. */
export interface ProjectRegistry {
  /** Idempotent: a signing already rolled up changes nothing. */
  rollupSigning(payload: RollupSigningPayload): Promise<string>;
  /** Signings (initial and supplements) with no entry in the registry's ledger yet, by id after `after`. */
  signingsNotRolledUp(after: string, limit: number): Promise<string[]>;
  /** Projects under construction or operating with an owner and no progress filed for `month` (YYYY-MM). */
  projectsDueForProgressReport(month: string): Promise<Array<{ id: string; name: string; ownerUserId: string | null }>>;
  /** Unresolved problems past their due date. */
  overdueProblems(now: Date): Promise<
    Array<{ id: string; projectId: string; projectName: string; description: string; responsibleDepartment: string | null; dueOn: string; teamId: string | null; ownerUserId: string | null }>
  >;
}

export const PROJECT_REGISTRY = Symbol('PROJECT_REGISTRY');
