import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Moves one module's records from a merged-away enterprise to the survivor, inside the merge transaction. */
export type EnterpriseMergeHandler = (em: EntityManager, fromId: string, intoId: string) => Promise<void>;

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

  async run(em: EntityManager, fromId: string, intoId: string): Promise<void> {
    for (const handler of this.handlers.values()) await handler(em, fromId, intoId);
  }
}
