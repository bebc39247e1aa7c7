import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { ContactsService } from './contacts.service';
import { EnterpriseMergeRegistry } from './enterprise-merge.registry';
import { ContactsController, EnterprisesController } from './enterprises.controller';
import { EnterprisesRepository } from './enterprises.repository';
import { EnterpriseSearchReadModel } from './enterprise-search.read-model';
import { EnterprisesService } from './enterprises.service';
import { EnterpriseExportController } from './export/enterprise-export.controller';
import { EnterpriseExportService } from './export/enterprise-export.service';
import { EnterpriseImportController } from './import/enterprise-import.controller';
import { EnterpriseImportRepository } from './import/enterprise-import.repository';
import { EnterpriseImportService } from './import/enterprise-import.service';

@Module({
  imports: [ReferenceModule],
  // The export first: its GET enterprises/export.xlsx must be routed before GET enterprises/:id.
  controllers: [EnterpriseExportController, EnterprisesController, ContactsController, EnterpriseImportController],
  providers: [EnterprisesService, EnterprisesRepository, EnterpriseSearchReadModel, ContactsService, EnterpriseMergeRegistry, EnterpriseExportService, EnterpriseImportService, EnterpriseImportRepository],
  exports: [EnterprisesService, ContactsService, EnterpriseMergeRegistry],
})
export class EnterprisesModule {}
