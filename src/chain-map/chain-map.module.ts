import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { LeadsModule } from '../leads/leads.module';
import { ProjectsModule } from '../projects/projects.module';
import { ReferenceModule } from '../reference/reference.module';
import { ChainMapController } from './chain-map.controller';
import { ChainMapReadModel } from './chain-map.read-model';
import { ChainMapRepository } from './chain-map.repository';
import { ChainMapService } from './chain-map.service';

/** 产业链图谱 (issue 19): chain links, the companies placed on them, and per-link figures. */
@Module({
  imports: [EnterprisesModule, LeadsModule, ProjectsModule, ReferenceModule],
  controllers: [ChainMapController],
  providers: [ChainMapService, ChainMapReadModel, ChainMapRepository],
})
export class ChainMapModule {}
