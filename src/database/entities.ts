import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { AuditEntry } from '../common/audit/audit-entry.entity';
import { EnterpriseContact } from '../enterprises/entities/enterprise-contact.entity';
import { Enterprise } from '../enterprises/entities/enterprise.entity';
import { Interaction } from '../interactions/entities/interaction.entity';
import { IndustryChain } from '../reference/entities/industry-chain.entity';
import { SourceRegion } from '../reference/entities/source-region.entity';
import { RegionUnit } from '../regions/entities/region-unit.entity';
import { ManagerScope } from '../teams/entities/manager-scope.entity';
import { Team } from '../teams/entities/team.entity';
import { TeamMember } from '../teams/entities/team-member.entity';
import { User } from '../users/entities/user.entity';

/**
 * Every entity, listed rather than globbed: the app, the migration CLI and the tests
 * (which load TypeScript through jest) then see exactly the same schema.
 */
export const ENTITIES = [
  AuditEntry,
  User,
  RefreshToken,
  RegionUnit,
  IndustryChain,
  SourceRegion,
  Team,
  TeamMember,
  ManagerScope,
  Enterprise,
  EnterpriseContact,
  Interaction,
];
