import { Global, Module } from '@nestjs/common';
import { AccessRepository } from './access.repository';
import { MembershipsRepository } from './memberships.repository';

/** Scope questions for every domain (AccessRepository) and the tables they read (MembershipsRepository); global, as every module asks them. */
@Global()
@Module({
  providers: [AccessRepository, MembershipsRepository],
  exports: [AccessRepository, MembershipsRepository],
})
export class AccessModule {}
