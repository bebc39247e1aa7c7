import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PaceConvention } from '../common/time/period';
import { Metric, METRICS } from './metric';

/** Where an indicator counts: where the project lands (落地旗县区 / 市本级) or the team that brought it in (招商主体). */
export type Attribution = 'landing' | 'team';

/** How a co-pursued lead's signing is credited: the holding team only, or the shares agreed on the lead. */
export type CreditSharing = 'holder_only' | 'agreed_shares';

export type { PaceConvention } from '../common/time/period';
export { PACE_LABELS } from '../common/time/period';

/**
 * A deployment's reporting conventions (通报口径, config/reporting.json): the one place that says
 * which view each indicator is counted in, how shared credit works, how time elapsed is read,
 * what a 重大项目 is and whether signings wait for the city's review. GET /reporting/rules shows them.
 */
export interface ReportingRules {
  attribution: Record<Metric, Attribution>;
  creditSharing: CreditSharing;
  pace: { bulletin: PaceConvention; live: PaceConvention };
  /** 重大项目: total investment (万元) at or above this. */
  majorProjectMinInvestment: string;
  signingReview: { required: boolean };
  /** 三未清单: a signed project is due to register within this many days of its signing (default 90). */
  unfulfilled: { registerWithinDays: number };
  /** 制表单位: the office named at the foot of every exported and printed report. */
  issuer: string;
}

/** 签约未注册's deadline when config/reporting.json does not set unfulfilled.registerWithinDays. */
export const DEFAULT_REGISTER_WITHIN_DAYS = 90;

export const REPORTING_RULES = Symbol('REPORTING_RULES');

export const ATTRIBUTION_LABELS: Record<Attribution, string> = { landing: '按项目落地地（旗县区 / 市本级）', team: '按招商主体（招商队）' };
export const CREDIT_SHARING_LABELS: Record<CreditSharing, string> = { holder_only: '仅计牵头招商队', agreed_shares: '按约定比例分计' };

/** Reads config/reporting.json; a bad value stops the start naming its path and field. */
export function loadReportingRules(file = join(process.cwd(), 'config', 'reporting.json')): ReportingRules {
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    return fail(`cannot be read as JSON: ${(err as Error).message}`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(raw)) return fail('must be a JSON object');
  const attribution = raw.attribution;
  if (!isObject(attribution)) return fail('attribution must be an object naming each indicator');
  for (const key of Object.keys(attribution)) if (!METRICS.includes(key as Metric)) fail(`attribution.${key}: unknown indicator`);
  for (const m of METRICS) if (attribution[m] !== 'landing' && attribution[m] !== 'team') fail(`attribution.${m} must be "landing" or "team"`);
  if (raw.creditSharing !== 'holder_only' && raw.creditSharing !== 'agreed_shares') fail('creditSharing must be "holder_only" or "agreed_shares"');
  const pace = raw.pace;
  if (!isObject(pace)) return fail('pace must be an object with bulletin and live');
  for (const k of ['bulletin', 'live']) if (pace[k] !== 'months' && pace[k] !== 'days') fail(`pace.${k} must be "months" or "days"`);
  if (typeof raw.majorProjectMinInvestment !== 'string' || !/^\d{1,14}(\.\d{1,4})?$/.test(raw.majorProjectMinInvestment)) fail('majorProjectMinInvestment must be a 万元 decimal string');
  const review = raw.signingReview;
  if (!isObject(review) || typeof review.required !== 'boolean') fail('signingReview.required must be true or false');
  const unfulfilled = raw.unfulfilled ?? {};
  if (!isObject(unfulfilled)) return fail('unfulfilled must be an object with registerWithinDays');
  const registerWithinDays = unfulfilled.registerWithinDays ?? DEFAULT_REGISTER_WITHIN_DAYS;
  if (typeof registerWithinDays !== 'number' || !Number.isInteger(registerWithinDays) || registerWithinDays < 1 || registerWithinDays > 3650) fail('unfulfilled.registerWithinDays must be a whole number of days from 1 to 3650');
  if (typeof raw.issuer !== 'string' || raw.issuer.trim() === '' || raw.issuer.length > 60) fail('issuer must be the issuing office\'s name (1–60 characters)');
  return {
    attribution: Object.fromEntries(METRICS.map((m) => [m, attribution[m]])) as Record<Metric, Attribution>,
    creditSharing: raw.creditSharing as CreditSharing,
    pace: { bulletin: pace.bulletin as PaceConvention, live: pace.live as PaceConvention },
    majorProjectMinInvestment: raw.majorProjectMinInvestment as string,
    signingReview: { required: (review as { required: boolean }).required },
    unfulfilled: { registerWithinDays: registerWithinDays as number },
    issuer: (raw.issuer as string).trim(),
  };
}
