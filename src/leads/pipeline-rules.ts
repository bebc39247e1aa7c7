import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPEN_STAGES, LeadStage } from './entities/lead-stage';

/** A deployment's pipeline rules (config/pipeline.json). */
export interface PipelineRules {
  /** Decimal strings in [0, 1] per pipeline stage. */
  stageProbabilities: Record<LeadStage.Lead | LeadStage.Contacted | LeadStage.SiteVisit | LeadStage.Negotiating | LeadStage.Signed, string>;
  /** 首报首谈 protection: days without an interaction before a lead is idle and releasable. */
  protectionDays: number;
  /** Days without activity before the owner is reminded, per open stage. */
  idleDaysByStage: Record<LeadStage.Lead | LeadStage.Contacted | LeadStage.SiteVisit | LeadStage.Negotiating, number>;
}

export const PIPELINE_RULES = Symbol('PIPELINE_RULES');

/** Reads and checks the rules; a bad file stops the start with the path of the bad value. */
export function loadPipelineRules(file = join(process.cwd(), 'config', 'pipeline.json')): PipelineRules {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<PipelineRules>;
  const fail = (what: string) => {
    throw new Error(`${file}: ${what}`);
  };
  const probabilities = raw.stageProbabilities ?? fail('stageProbabilities missing');
  for (const stage of [...OPEN_STAGES, LeadStage.Signed]) {
    const p = (probabilities as Record<string, unknown>)[stage];
    if (typeof p !== 'string' || !/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/.test(p)) fail(`stageProbabilities.${stage} must be a decimal string between 0 and 1`);
  }
  if (!Number.isInteger(raw.protectionDays) || (raw.protectionDays as number) < 1) fail('protectionDays must be a positive integer');
  const idle = raw.idleDaysByStage ?? fail('idleDaysByStage missing');
  for (const stage of OPEN_STAGES) {
    const d = (idle as Record<string, unknown>)[stage];
    if (!Number.isInteger(d) || (d as number) < 1) fail(`idleDaysByStage.${stage} must be a positive integer`);
  }
  return raw as PipelineRules;
}
