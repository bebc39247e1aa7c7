import { Injectable, Logger } from '@nestjs/common';

/** Work a higher module does once the figures have changed (the rankings store their preview). */
export type AfterRefreshHandler = () => Promise<void>;

/**
 * Modules above metrics register here what to recompute right after the refresh job changed
 * the figures, so the worker does it once for every API process (metrics knows none of them).
 */
@Injectable()
export class MetricsRefreshRegistry {
  private readonly logger = new Logger(MetricsRefreshRegistry.name);
  private readonly handlers = new Map<string, AfterRefreshHandler>();

  register(owner: string, handler: AfterRefreshHandler): void {
    if (this.handlers.has(owner)) throw new Error(`after-refresh handler for ${owner} registered twice`);
    this.handlers.set(owner, handler);
  }

  /** Runs every handler; one failing is logged and does not keep the others from running. */
  async run(): Promise<void> {
    for (const [owner, handler] of this.handlers) {
      await handler().catch((err: unknown) => this.logger.warn(`after refresh (${owner}): ${err instanceof Error ? err.message : String(err)}`));
    }
  }
}
