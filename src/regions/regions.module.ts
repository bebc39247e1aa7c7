import { Module } from '@nestjs/common';
import { DivisionCatalogue } from './divisions/division-catalogue';
import { DivisionImportController } from './divisions/division-import.controller';
import { DivisionImportService } from './divisions/division-import.service';
import { RegionsController } from './regions.controller';
import { RegionsRepository } from './regions.repository';
import { RegionsService } from './regions.service';

@Module({
  controllers: [DivisionImportController, RegionsController],
  providers: [RegionsService, RegionsRepository, DivisionCatalogue, DivisionImportService],
  exports: [RegionsService],
})
export class RegionsModule {}
