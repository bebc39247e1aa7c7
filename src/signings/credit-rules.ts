import { formatWanYuan, toUnits } from '../common/money/wan-yuan';
import type { CreditSharing } from '../metrics/reporting-rules';

/** One team's credit for a signing (业绩分计): 万元 and projects. */
export interface Credit {
  teamId: string;
  amount: string;
  projects: number;
}

/** 100%, in the units of a share (percent with 4 decimals, as toUnits reads it). */
const WHOLE = toUnits('100');

/**
 * How a signing of `amount` 万元 is credited (config/reporting.json creditSharing):
 * holder_only — the holder, the whole amount; agreed_shares — each co-pursuing team with an
 * agreed share its share of the amount (rounded half-up to 0.0001 万元, never more than is
 * left), the holder the rest, so the credits sum exactly to the amount. The project count
 * (`projects`: 1 for a first signing) goes to the holder only: a project counts once.
 */
export function splitCredit(
  amount: string,
  holderTeamId: string,
  coTeams: ReadonlyArray<{ teamId: string; share: string | null }>,
  rule: CreditSharing,
  projects: number,
): Credit[] {
  if (rule === 'holder_only') return [{ teamId: holderTeamId, amount: formatWanYuan(toUnits(amount)), projects }];
  const total = toUnits(amount);
  let rest = total;
  const shared: Credit[] = [];
  for (const c of coTeams) {
    if (c.share === null || c.teamId === holderTeamId) continue;
    const exact2 = (total * toUnits(c.share) * 2n) / WHOLE; // twice the exact credit, floored
    let units = (exact2 + 1n) / 2n; // half-up
    if (units > rest) units = rest;
    rest -= units;
    shared.push({ teamId: c.teamId, amount: formatWanYuan(units), projects: 0 });
  }
  return [{ teamId: holderTeamId, amount: formatWanYuan(rest), projects }, ...shared];
}
