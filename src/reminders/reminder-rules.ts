import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LeadStage, PIPELINE } from '../leads/entities/lead-stage';

export interface ResponseStep {
  key: string;
  label: string;
  withinDays: number;
  /** The step is done once the lead has reached this pipeline stage … */
  doneAtStage: LeadStage;
  /** … and, when set, once the team has logged an interaction since the lead was opened. */
  needsInteraction: boolean;
}

/** Response deadlines for leads at or above an intended amount (e.g. 1亿元: respond in 1 day, assess in 3, feed back in 7). */
export interface ResponseRule {
  name: string;
  minIntendedAmount: string;
  steps: ResponseStep[];
  /** Open leads under the rule report progress (an interaction) at least this often. */
  progressEveryDays: number;
}

export interface ReminderRules {
  followUpEscalateAfterDays: number;
  responseRules: ResponseRule[];
}

export const REMINDER_RULES = Symbol('REMINDER_RULES');

/** Reads config/reminders.json; a bad value stops the start naming its path. */
export function loadReminderRules(file = join(process.cwd(), 'config', 'reminders.json')): ReminderRules {
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  const positive = (v: unknown) => typeof v === 'number' && v > 0;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  let raw: ReminderRules;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as ReminderRules;
  } catch (err) {
    return fail(`cannot be read as JSON: ${(err as Error).message}`);
  }
  if (!isObject(raw)) fail('must be a JSON object');
  if (!positive(raw.followUpEscalateAfterDays)) fail('followUpEscalateAfterDays must be a positive number');
  if (!Array.isArray(raw.responseRules)) fail('responseRules must be a list');
  raw.responseRules.forEach((rule, i) => {
    if (!isObject(rule)) fail(`responseRules[${i}] must be an object`);
    if (typeof rule.minIntendedAmount !== 'string' || !/^\d{1,14}(\.\d{1,4})?$/.test(rule.minIntendedAmount)) fail(`responseRules[${i}].minIntendedAmount must be a 万元 decimal string`);
    if (!positive(rule.progressEveryDays)) fail(`responseRules[${i}].progressEveryDays must be positive`);
    if (!Array.isArray(rule.steps)) fail(`responseRules[${i}].steps must be a list`);
    rule.steps.forEach((step, j) => {
      if (!isObject(step) || !step.key || !positive(step.withinDays)) fail(`responseRules[${i}].steps[${j}] needs a key and a positive withinDays`);
      if (!PIPELINE.includes(step.doneAtStage)) fail(`responseRules[${i}].steps[${j}].doneAtStage must be a pipeline stage`);
    });
  });
  return raw;
}
