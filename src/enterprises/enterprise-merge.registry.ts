import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';

/**
 * How a merge settles two live leads on one industry chain (the two companies each held
 * one): the earlier lead (首报) stays the holder and the later one is closed (终止), its team
 * either filing a co-pursuit claim on the holder for the usual decision (`claim`), or
 * becoming a co-pursuer at once by the admin's merge decision (`co_pursue`).
 */
export enum LeadConflictResolution {
  Claim = 'claim',
  CoPursue = 'co_pursue',
}

/** Who merges, and what they decided in advance about conflicts a module may find. */
export interface EnterpriseMergeContext {
  actor: AuthUser;
  leadConflicts?: LeadConflictResolution;
}

/** Moves one module's records from a merged-away enterprise to the survivor, inside the merge transaction. */
export type EnterpriseMergeHandler = (em: EntityManager, fromId: string, intoId: string, context: EnterpriseMergeContext) => Promise<void>;

/**
 * Modules that point at enterprises (interactions, leads …) register here, so a merge
 * carries their records along without the enterprises module knowing them.
 */
@Injectable()
export class EnterpriseMergeRegistry {
  private readonly handlers = new Map<string, EnterpriseMergeHandler>();

  register(owner: string, handler: EnterpriseMergeHandler): void {
    if (this.handlers.has(owner)) throw new Error(`enterprise merge handler for ${owner} registered twice`);
    this.handlers.set(owner, handler);
  }

  async run(em: EntityManager, fromId: string, intoId: string, context: EnterpriseMergeContext): Promise<void> {
    for (const handler of this.handlers.values()) await handler(em, fromId, intoId, context);
  }
}
