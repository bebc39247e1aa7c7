import { Module } from '@nestjs/common';
import { loadReportingRules, REPORTING_RULES } from '../metrics/reporting-rules';
import { ReferenceModule } from '../reference/reference.module';
import { RegionsModule } from '../regions/regions.module';
import { CarriersController, PromotedProjectsController } from './carriers.controller';
import { CarriersRepository } from './carriers.repository';
import { CarriersService } from './carriers.service';
import { LeadLinksReadModel } from './lead-links.read-model';

/** 载体与推介项目库: parks, parcels, factories and promoted projects; leads name them, the registry lands them. */
@Module({
  imports: [RegionsModule, ReferenceModule],
  controllers: [CarriersController, PromotedProjectsController],
  providers: [{ provide: REPORTING_RULES, useFactory: () => loadReportingRules() }, CarriersRepository, CarriersService, LeadLinksReadModel],
  exports: [CarriersService],
})
export class CarriersModule {}
