import { Global, Injectable, Module } from '@nestjs/common';

/**
 * Says, per application, that the service has begun to stop. main.ts begins it on SIGTERM
 * before it waits for requests in flight, so long work inside a request (an import) can end
 * early and answer instead of holding the shutdown until the hard exit; app.close() begins it
 * too (through the services that listen, in their onModuleDestroy).
 */
@Injectable()
export class ShutdownSignal {
  private readonly controller = new AbortController();

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get begun(): boolean {
    return this.controller.signal.aborted;
  }

  begin(): void {
    this.controller.abort();
  }
}

@Global()
@Module({ providers: [ShutdownSignal], exports: [ShutdownSignal] })
export class LifecycleModule {}
