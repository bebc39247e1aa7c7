import type { Scenario } from '../scenario';
import { helloExpress, helloFastify } from './adapters';
import { login } from './auth';
import { teamsBareSql, teamsList } from './teams';

/**
 * Every scenario `npm run bench` measures, in order. A later issue adds its endpoints here
 * (a file per domain beside these), with a bare-SQL twin as `baseline` where one makes sense.
 */
export const SCENARIOS: Scenario[] = [teamsList, teamsBareSql, login, helloExpress, helloFastify];
