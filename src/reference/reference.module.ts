import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { CreateIndustryChainDto, CreateSourceRegionDto, UpdateIndustryChainDto, UpdateSourceRegionDto } from './dto/reference.dto';
import { IndustryChain } from './entities/industry-chain.entity';
import { SourceRegion } from './entities/source-region.entity';
import { referenceController } from './reference.controller';
import { ReferenceRepository } from './reference.repository';
import { ReferenceService } from './reference.service';

/** Injection tokens of the two reference lists' services. */
export const INDUSTRY_CHAINS = Symbol('INDUSTRY_CHAINS');
export const SOURCE_REGIONS = Symbol('SOURCE_REGIONS');

@Module({
  controllers: [
    referenceController<IndustryChain>({
      path: 'industry-chains',
      tag: 'industry-chains 产业链',
      service: INDUSTRY_CHAINS,
      createDto: CreateIndustryChainDto,
      updateDto: UpdateIndustryChainDto,
    }),
    referenceController<SourceRegion>({
      path: 'source-regions',
      tag: 'source-regions 招商重点区域',
      service: SOURCE_REGIONS,
      createDto: CreateSourceRegionDto,
      updateDto: UpdateSourceRegionDto,
    }),
  ],
  providers: [
    ReferenceRepository,
    {
      provide: INDUSTRY_CHAINS,
      inject: [getDataSourceToken(), AuditService, ReferenceRepository],
      useFactory: (ds: DataSource, audit: AuditService, repository: ReferenceRepository) => new ReferenceService(ds, audit, repository, IndustryChain, 'industry-chain'),
    },
    {
      provide: SOURCE_REGIONS,
      inject: [getDataSourceToken(), AuditService, ReferenceRepository],
      useFactory: (ds: DataSource, audit: AuditService, repository: ReferenceRepository) => new ReferenceService(ds, audit, repository, SourceRegion, 'source-region'),
    },
  ],
  exports: [INDUSTRY_CHAINS, SOURCE_REGIONS],
})
export class ReferenceModule {}
