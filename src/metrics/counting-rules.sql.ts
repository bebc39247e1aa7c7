// The counting rules now live in counting-rules.read-model.ts; this path stays for the migrations that import it.
export { TEAM_MONTH_METRICS_SQL } from './counting-rules.read-model';
