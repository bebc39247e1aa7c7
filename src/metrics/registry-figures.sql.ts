// The registry summaries now live in registry-figures.read-model.ts; this path stays for the migrations that import it.
export { SUMMARY_VIEWS, TEAM_CHAIN_SIGNINGS_SQL, TEAM_PROJECT_FIGURES_SQL, TEAM_PROJECT_YEARS_SQL } from './registry-figures.read-model';
