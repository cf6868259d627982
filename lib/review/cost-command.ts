/*
 * `npm run cost`: the current monthly estimate per team and tenant (showback), dedicated
 * agents' committed cost, each team's share of the shared agent pool, and the quota ceiling.
 */
import { describeFlagError, parseFlags } from '../cli/flags';
import type { ResolvedPrices } from '../spec/resolve';
import { money, monthlyCost, pricesOf, sharedShare, sharedTeams, teamCosts } from './cost-model';
import { textTable } from './format';
import { readSnapshot, type Snapshot } from './snapshot';

const USAGE = 'usage: npm run cost [-- --json]';
const cents = (n: number) => Math.round(n * 100) / 100;

export interface TeamShowback {
  readonly tenant: string;
  readonly team: string;
  readonly agent: 'dedicated' | 'shared' | 'none';
  readonly namespaces: number;
  readonly committed: number;
  readonly shared: number;
  /** committed + shared */
  readonly total: number;
  /** Undefined when a namespace has no quota. */
  readonly ceiling?: number;
}

export interface Showback {
  readonly prices: ResolvedPrices;
  readonly sharedPool: { readonly teams: number; readonly perTeam: number; readonly monthly: number };
  readonly teams: readonly TeamShowback[];
  readonly tenants: readonly { readonly tenant: string; readonly committed: number; readonly shared: number; readonly total: number; readonly ceiling?: number }[];
  readonly total: number;
}

export function showback(snapshot: Snapshot): Showback {
  const prices = pricesOf(snapshot);
  const costs = teamCosts(snapshot);
  const sharing = sharedTeams(costs);
  const share = sharedShare(prices, sharing);
  const teams: TeamShowback[] = costs.map((c) => {
    const committed = monthlyCost(c.committed, prices);
    const shared = c.agent === 'shared' ? share : 0;
    return {
      tenant: c.tenant,
      team: c.team,
      agent: c.agent,
      namespaces: c.namespaces.length,
      committed: cents(committed),
      shared: cents(shared),
      total: cents(committed + shared),
      ...(c.ceiling ? { ceiling: cents(monthlyCost(c.ceiling, prices)) } : {}),
    };
  });
  const tenants = [...new Set(teams.map((t) => t.tenant))].map((tenant) => {
    const mine = teams.filter((t) => t.tenant === tenant);
    const sum = (pick: (t: TeamShowback) => number) => cents(mine.reduce((s, t) => s + pick(t), 0));
    const bounded = mine.every((t) => t.ceiling !== undefined);
    return { tenant, committed: sum((t) => t.committed), shared: sum((t) => t.shared), total: sum((t) => t.total), ...(bounded ? { ceiling: sum((t) => t.ceiling!) } : {}) };
  });
  return {
    prices,
    sharedPool: { teams: sharing, perTeam: cents(share), monthly: cents(share * sharing) },
    teams,
    tenants,
    total: cents(teams.reduce((s, t) => s + t.total, 0)),
  };
}

export function renderShowback(s: Showback): string {
  const c = s.prices.currency;
  const ceiling = (n?: number) => (n === undefined ? 'no quota' : money(n, c));
  const rows = s.teams.map((t) => [t.tenant, t.team, t.agent, String(t.namespaces), money(t.committed, c), money(t.shared, c), money(t.total, c), ceiling(t.ceiling)]);
  const lines = [
    `Monthly cost estimate (${c}): cpu ${s.prices.cpuHour}/vCPU-hour, memory ${s.prices.memoryGiBHour}/GiB-hour, storage ${s.prices.storageGiBMonth}/GiB-month, ${s.prices.hoursPerMonth} hours a month`,
    s.prices.sharedAgent
      ? `Shared agent pool: ${s.prices.sharedAgent.replicas} × (${s.prices.sharedAgent.cpu} CPU, ${s.prices.sharedAgent.memory}) = ${money(s.sharedPool.monthly, c)}, ${s.sharedPool.teams === 1 ? 'all on the one team that uses it' : `split among ${s.sharedPool.teams} teams: ${money(s.sharedPool.perTeam, c)} each`}`
      : 'Shared agent pool: not priced (set prices.sharedAgent in platform.ts)',
    '',
    ...textTable(['tenant', 'team', 'agent', 'namespaces', 'committed', 'shared', 'total', 'ceiling (quota)'], rows, ''),
    '',
    ...textTable(['tenant', 'committed', 'shared', 'total', 'ceiling (quota)'], s.tenants.map((t) => [t.tenant, money(t.committed, c), money(t.shared, c), money(t.total, c), ceiling(t.ceiling)]), ''),
    '',
    `Total: ${money(s.total, c)} per month (committed and shared; the ceiling is what the quotas would allow)`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function runCost(args: readonly string[], root: string): Promise<number> {
  const parsed = parseFlags(args, { json: { type: 'boolean' } });
  if (!parsed.ok) {
    console.error(`cost: ${describeFlagError(parsed.error)}\n${USAGE}`);
    return 2;
  }
  const json = parsed.values.json === true;
  const snapshot = await readSnapshot(root, 'head');
  for (const line of snapshot.errors) console.error(line);
  if (snapshot.errors.length) console.error('cost: the tenant files do not load; prices fall back to the defaults');
  const result = showback(snapshot);
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : renderShowback(result));
  return 0;
}
