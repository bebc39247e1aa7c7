import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { ContactsService } from './contacts.service';
import { EnterpriseMergeRegistry } from './enterprise-merge.registry';
import { ContactsController, EnterprisesController } from './enterprises.controller';
import { EnterprisesService } from './enterprises.service';

@Module({
  imports: [ReferenceModule],
  controllers: [EnterprisesController, ContactsController],
  providers: [EnterprisesService, ContactsService, EnterpriseMergeRegistry],
  exports: [EnterprisesService, ContactsService, EnterpriseMergeRegistry],
})
export class EnterprisesModule {}
