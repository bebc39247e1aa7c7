import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineRulesView } from './dto/pipeline.dto';
import { OPEN_STAGES, LeadStage } from './entities/lead-stage';

/**
 * A deployment's pipeline rules (config/pipeline.json), in the shape GET /pipeline/rules shows:
 * stage probabilities as decimal strings in [0, 1], the 首报首谈 protection period (days without
 * an interaction before a lead is idle and releasable), and the days without activity before an
 * owner is reminded, per open stage.
 */
export type PipelineRules = PipelineRulesView;

export const PIPELINE_RULES = Symbol('PIPELINE_RULES');

/** Reads and checks the rules; a bad file stops the start with the path of the bad value. */
export function loadPipelineRules(file = join(process.cwd(), 'config', 'pipeline.json')): PipelineRules {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<PipelineRules>;
  const fail = (what: string) => {
    throw new Error(`${file}: ${what}`);
  };
  const probabilities = raw.stageProbabilities ?? fail('stageProbabilities missing');
  for (const stage of [...OPEN_STAGES, LeadStage.Signed]) {
    const p = (probabilities as unknown as Record<string, unknown>)[stage];
    if (typeof p !== 'string' || !/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/.test(p)) fail(`stageProbabilities.${stage} must be a decimal string between 0 and 1`);
  }
  if (!Number.isInteger(raw.protectionDays) || (raw.protectionDays as number) < 1) fail('protectionDays must be a positive integer');
  const idle = raw.idleDaysByStage ?? fail('idleDaysByStage missing');
  for (const stage of OPEN_STAGES) {
    const d = (idle as unknown as Record<string, unknown>)[stage];
    if (!Number.isInteger(d) || (d as number) < 1) fail(`idleDaysByStage.${stage} must be a positive integer`);
  }
  return raw as PipelineRules;
}
