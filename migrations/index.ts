// Written by `npm run migration:generate`: every migration, oldest first.
import { Init1795625306159 } from './1795625306159-Init';
import { EnterprisesAndInteractions1795625738624 } from './1795625738624-EnterprisesAndInteractions';
import { LeadsAndSignings1795626167852 } from './1795626167852-LeadsAndSignings';
import { ProjectRegistry1795626628594 } from './1795626628594-ProjectRegistry';
import { QueueOutboxNotifications1795626726746 } from './1795626726746-QueueOutboxNotifications';
import { TeamMonthMetrics1795627162014 } from './1795627162014-TeamMonthMetrics';
import { TargetsAndRankings1795627582896 } from './1795627582896-TargetsAndRankings';
import { SearchIndexes1795634772181 } from './1795634772181-SearchIndexes';
import { PipelineTotals1795634890242 } from './1795634890242-PipelineTotals';
import { RegistrySummaries1795636635620 } from './1795636635620-RegistrySummaries';
import { IdempotencyKeys1795637642321 } from './1795637642321-IdempotencyKeys';
import { MergedEnterpriseLookup1795639079294 } from './1795639079294-MergedEnterpriseLookup';
import { PipelineCityTotals1795642423748 } from './1795642423748-PipelineCityTotals';
import { SearchWalkCoversNames1796567124873 } from './1796567124873-SearchWalkCoversNames';
import { PipelineRegionTotals1796567871669 } from './1796567871669-PipelineRegionTotals';
import { SearchWalkCoversCodes1796569786862 } from './1796569786862-SearchWalkCoversCodes';
import { SessionLiveIndex1796586731208 } from './1796586731208-SessionLiveIndex';
import { LoginThrottles1796587065673 } from './1796587065673-LoginThrottles';
import { QueueReconciliations1796590000000 } from './1796590000000-QueueReconciliations';
import { SigningReview1796600100000 } from './1796600100000-SigningReview';
import { ProjectMonthlyFunds1796600500000 } from './1796600500000-ProjectMonthlyFunds';
import { FundsInPlaceCounted1796600510000 } from './1796600510000-FundsInPlaceCounted';
import { RankingVersions1796600700000 } from './1796600700000-RankingVersions';
import { AttributionAndCredits1796600800000 } from './1796600800000-AttributionAndCredits';
import { LeadImportedAt1796601100000 } from './1796601100000-LeadImportedAt';
import { PinyinSearch1796601900000 } from './1796601900000-PinyinSearch';
import { Attachments1796602000000 } from './1796602000000-Attachments';
import { RateLimitHits1796603100000 } from './1796603100000-RateLimitHits';
import { PipelineStageDays1796603200000 } from './1796603200000-PipelineStageDays';
import { RegistrySummaryCells1796603300000 } from './1796603300000-RegistrySummaryCells';
import { RankingPreviews1796603400000 } from './1796603400000-RankingPreviews';
import { IncrementalSummaries1796603410000 } from './1796603410000-IncrementalSummaries';
import { TeamsNameIndex1796603700000 } from './1796603700000-TeamsNameIndex';
import { EnterpriseSearchChanges1796605100000 } from './1796605100000-EnterpriseSearchChanges';
import { SummaryKeyPeriods1796606000000 } from './1796606000000-SummaryKeyPeriods';
import { StageDaysCoverLead1796607000000 } from './1796607000000-StageDaysCoverLead';
import { StartedOnCoversSummary1796607000100 } from './1796607000100-StartedOnCoversSummary';
import { AccessScopeVersion1796609000000 } from './1796609000000-AccessScopeVersion';
import { RankingPreviewBrotli1796610000000 } from './1796610000000-RankingPreviewBrotli';
import { ChangeMarks1796615000000 } from './1796615000000-ChangeMarks';
import { ProjectLocation1796618000000 } from './1796618000000-ProjectLocation';
import { Supervision1796640000000 } from './1796640000000-Supervision';
import { InteractionsTeamLiveIndex1796612000000 } from './1796612000000-InteractionsTeamLiveIndex';
import { ChainMap1796620000000 } from './1796620000000-ChainMap';
import { CarriersAndPromotedProjects1796630000000 } from './1796630000000-CarriersAndPromotedProjects';

export const MIGRATIONS = [
  Init1795625306159,
  EnterprisesAndInteractions1795625738624,
  LeadsAndSignings1795626167852,
  ProjectRegistry1795626628594,
  QueueOutboxNotifications1795626726746,
  TeamMonthMetrics1795627162014,
  TargetsAndRankings1795627582896,
  SearchIndexes1795634772181,
  PipelineTotals1795634890242,
  RegistrySummaries1795636635620,
  IdempotencyKeys1795637642321,
  MergedEnterpriseLookup1795639079294,
  PipelineCityTotals1795642423748,
  SearchWalkCoversNames1796567124873,
  PipelineRegionTotals1796567871669,
  SearchWalkCoversCodes1796569786862,
  SessionLiveIndex1796586731208,
  LoginThrottles1796587065673,
  QueueReconciliations1796590000000,
  SigningReview1796600100000,
  ProjectMonthlyFunds1796600500000,
  FundsInPlaceCounted1796600510000,
  RankingVersions1796600700000,
  AttributionAndCredits1796600800000,
  LeadImportedAt1796601100000,
  PinyinSearch1796601900000,
  Attachments1796602000000,
  RateLimitHits1796603100000,
  PipelineStageDays1796603200000,
  RegistrySummaryCells1796603300000,
  RankingPreviews1796603400000,
  IncrementalSummaries1796603410000,
  TeamsNameIndex1796603700000,
  EnterpriseSearchChanges1796605100000,
  SummaryKeyPeriods1796606000000,
  StageDaysCoverLead1796607000000,
  StartedOnCoversSummary1796607000100,
  AccessScopeVersion1796609000000,
  RankingPreviewBrotli1796610000000,
  InteractionsTeamLiveIndex1796612000000,
  ChangeMarks1796615000000,
  ProjectLocation1796618000000,
  ChainMap1796620000000,
  CarriersAndPromotedProjects1796630000000,
  Supervision1796640000000,
];
