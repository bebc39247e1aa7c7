import { Global, Module } from '@nestjs/common';
import { AccessRepository } from './access.repository';

/** Scope questions for every domain (see AccessRepository); global, as every module asks them. */
@Global()
@Module({
  providers: [AccessRepository],
  exports: [AccessRepository],
})
export class AccessModule {}
