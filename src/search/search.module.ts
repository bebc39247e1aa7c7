import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { LeadsModule } from '../leads/leads.module';
import { ProjectsModule } from '../projects/projects.module';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

@Module({
  imports: [EnterprisesModule, LeadsModule, ProjectsModule],
  controllers: [SearchController],
  providers: [SearchService],
})
export class SearchModule {}
