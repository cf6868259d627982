/*
 * The cost section of the review: each changed team's monthly committed cost (dedicated
 * agents) and ceiling (quota) before → after, the tenant's totals, and the shared pool split.
 */
import { compare } from '../spec/resolve';
import { monthlyCost, pricesOf, sharedShare, sharedTeams, teamCosts, type TeamCost } from './cost-model';
import type { Snapshot } from './snapshot';

export interface CostFigures {
  /** Monthly, in the price list's currency, rounded to cents. */
  readonly committed: number;
  /** Undefined when there is no quota, so no ceiling. */
  readonly ceiling?: number;
}

export interface CostRow {
  /** A team id, or `(tenant)` for the tenant's total. */
  readonly team: string;
  readonly before?: CostFigures;
  readonly after?: CostFigures;
}

export interface TenantCost {
  readonly currency: string;
  readonly teams: readonly CostRow[];
  readonly total: CostRow;
}

export interface SharedPoolChange {
  readonly currency: string;
  readonly teamsBefore: number;
  readonly teamsAfter: number;
  readonly perTeamBefore: number;
  readonly perTeamAfter: number;
}

const cents = (n: number) => Math.round(n * 100) / 100;

function figures(costs: readonly TeamCost[], snapshot: Snapshot): CostFigures | undefined {
  if (!costs.length) return undefined;
  const prices = pricesOf(snapshot);
  const committed = costs.reduce((s, c) => s + monthlyCost(c.committed, prices), 0);
  const bounded = costs.every((c) => c.ceiling);
  const ceiling = bounded ? costs.reduce((s, c) => s + monthlyCost(c.ceiling!, prices), 0) : undefined;
  return { committed: cents(committed), ...(ceiling !== undefined ? { ceiling: cents(ceiling) } : {}) };
}

const same = (a?: CostFigures, b?: CostFigures) => JSON.stringify(a) === JSON.stringify(b);

export function diffCost(before: Snapshot, after: Snapshot, tenants: readonly string[]): { tenants: Map<string, TenantCost>; sharedPool?: SharedPoolChange } {
  const a = teamCosts(before);
  const b = teamCosts(after);
  const currency = pricesOf(after).currency;
  const result = new Map<string, TenantCost>();
  for (const tenant of tenants) {
    const ta = a.filter((c) => c.tenant === tenant);
    const tb = b.filter((c) => c.tenant === tenant);
    const teams = [...new Set([...ta, ...tb].map((c) => c.team))].sort(compare);
    const rows: CostRow[] = [];
    for (const team of teams) {
      const x = figures(ta.filter((c) => c.team === team), before);
      const y = figures(tb.filter((c) => c.team === team), after);
      if (!same(x, y)) rows.push({ team, ...(x ? { before: x } : {}), ...(y ? { after: y } : {}) });
    }
    if (!rows.length) continue;
    const x = figures(ta, before);
    const y = figures(tb, after);
    result.set(tenant, { currency, teams: rows, total: { team: '(tenant)', ...(x ? { before: x } : {}), ...(y ? { after: y } : {}) } });
  }
  const teamsBefore = sharedTeams(a);
  const teamsAfter = sharedTeams(b);
  const perTeamBefore = cents(sharedShare(pricesOf(before), teamsBefore));
  const perTeamAfter = cents(sharedShare(pricesOf(after), teamsAfter));
  const sharedPool = teamsBefore !== teamsAfter || perTeamBefore !== perTeamAfter ? { currency, teamsBefore, teamsAfter, perTeamBefore, perTeamAfter } : undefined;
  return { tenants: result, ...(sharedPool ? { sharedPool } : {}) };
}
