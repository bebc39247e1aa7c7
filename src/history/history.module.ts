import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { InteractionsModule } from '../interactions/interactions.module';
import { LeadsModule } from '../leads/leads.module';
import { HistoryDirectoryReadModel } from './history-directory.read-model';
import { HistoryImportController } from './history-import.controller';
import { HistoryImportService } from './history-import.service';
import { InteractionHistorySpec } from './interaction-history';
import { LeadHistorySpec } from './lead-history';

/** A city moving in from its spreadsheets: history of leads and interactions, written through their services. */
@Module({
  imports: [EnterprisesModule, LeadsModule, InteractionsModule],
  controllers: [HistoryImportController],
  providers: [HistoryDirectoryReadModel, HistoryImportService, LeadHistorySpec, InteractionHistorySpec],
})
export class HistoryModule {}
