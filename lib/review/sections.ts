/*
 * The review's per-tenant sections, table-driven: each entry computes its model from the
 * two sides and turns it into blocks (a lead line and a table) that every format renders.
 * A new section (admission policies, fleet placement) is one more entry here.
 */
import { diffAccess, type TenantAccess } from './access';
import { diffCost, type CostFigures, type SharedPoolChange, type TenantCost } from './cost';
import { money, moneyDelta } from './cost-model';
import { arrow, plural } from './format';
import { diffNetwork, type NetworkDiff, type TenantNetwork } from './network';
import { diffObjects, objectName, showValue, type TenantObjects } from './objects';
import { diffQuota, type TenantQuota } from './quota';
import type { Snapshot } from './snapshot';

/** A lead line and an optional table; every format renders blocks the same way. */
export interface Block {
  readonly lead: string;
  readonly header?: readonly string[];
  readonly rows?: readonly (readonly string[])[];
}

export interface ReviewContext {
  readonly before: Snapshot;
  readonly after: Snapshot;
  /** Every tenant folder on either side, sorted. */
  readonly tenants: readonly string[];
  /** Computed once, shared by the network section, the risks and the picture. */
  readonly network: NetworkDiff;
  readonly cost: { readonly tenants: Map<string, TenantCost>; readonly sharedPool?: SharedPoolChange };
}

export function reviewContext(before: Snapshot, after: Snapshot, tenants: readonly string[]): ReviewContext {
  return { before, after, tenants, network: diffNetwork(before, after), cost: diffCost(before, after, tenants) };
}

export interface Section<T> {
  /** The key in the JSON report. */
  readonly id: string;
  readonly compute: (context: ReviewContext) => ReadonlyMap<string, T>;
  readonly blocks: (model: T) => Block[];
  /** A few words for the tenant's one-line summary. */
  readonly brief: (model: T) => string;
}

/** Objects listed one by one up to this many; beyond, one row per kind and change. */
export const OBJECT_ROWS = 15;
const FIELDS_SHOWN = 4;

const objects: Section<TenantObjects> = {
  id: 'objects',
  compute: ({ before, after }) => diffObjects(before, after),
  blocks: (m) => {
    const lead = `Objects: ${m.added} added, ${m.removed} removed, ${m.changed} changed`;
    if (m.objects.length <= OBJECT_ROWS) {
      const rows = m.objects.map((o) => {
        const fields = (o.fields ?? []).slice(0, FIELDS_SHOWN).map((f) => `${f.path}: ${showValue(f.before)} → ${showValue(f.after)}`);
        const more = (o.fields?.length ?? 0) > FIELDS_SHOWN ? [`and ${o.fields!.length - FIELDS_SHOWN} more`] : [];
        return [o.change, objectName(o), [...fields, ...more].join('; ')];
      });
      return [{ lead, header: ['change', 'object', 'changed fields'], rows }];
    }
    const groups = new Map<string, string[]>();
    for (const o of m.objects) groups.set(`${o.change}\u0000${o.kind}`, [...(groups.get(`${o.change}\u0000${o.kind}`) ?? []), o.namespace ? `${o.namespace}/${o.name}` : o.name]);
    const rows = [...groups].map(([key, names]) => {
      const [change, kind] = key.split('\u0000') as [string, string];
      return [change, kind, String(names.length), names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ')];
    });
    return [{ lead: `${lead} (collapsed per kind)`, header: ['change', 'kind', 'objects', 'for example'], rows }];
  },
  brief: (m) => [m.added && `${m.added} added`, m.removed && `${m.removed} removed`, m.changed && `${m.changed} changed`].filter(Boolean).join(', '),
};

const quota: Section<TenantQuota> = {
  id: 'quota',
  compute: ({ before, after, tenants }) => diffQuota(before, after, tenants),
  blocks: (m) => {
    const blocks: Block[] = [];
    if (m.namespaces.length) blocks.push({ lead: 'Quota per namespace', header: ['namespace', 'resource', 'before', 'after'], rows: m.namespaces.map((r) => [r.namespace, r.resource, r.before ?? '(none)', r.after ?? '(none)']) });
    if (m.totals.length) {
      const rows = m.totals.map((t) => [
        t.resource,
        arrow(t.before, t.after),
        t.budget ? (t.budgetBefore ? arrow(t.budgetBefore, t.budget) : t.budget) : t.budgetBefore ? arrow(t.budgetBefore, undefined) : '(none)',
        t.budgetUse !== undefined ? `${t.budgetUse}%` : '',
      ]);
      blocks.push({ lead: 'Quota of the tenant (sum of its namespaces)', header: ['resource', 'total', 'budget', 'budget use'], rows });
    }
    return blocks;
  },
  brief: (m) => {
    const first = m.totals[0];
    return first ? `${first.resource} ${arrow(first.before, first.after)}${m.totals.length > 1 ? ` (+${m.totals.length - 1} more)` : ''}` : plural(m.namespaces.length, 'quota change');
  },
};

const committed = (f?: CostFigures) => (f ? f.committed : 0);
const ceiling = (f: CostFigures | undefined, currency: string) => (!f ? '(none)' : f.ceiling === undefined ? 'unbounded (no quota)' : money(f.ceiling, currency));

const cost: Section<TenantCost> = {
  id: 'cost',
  compute: ({ cost: c }) => c.tenants,
  blocks: (m) => {
    const row = (r: TenantCost['total']) => [
      r.team,
      `${r.before ? money(r.before.committed, m.currency) : '(none)'} → ${r.after ? money(r.after.committed, m.currency) : '(none)'}`,
      moneyDelta(committed(r.after) - committed(r.before), m.currency),
      `${ceiling(r.before, m.currency)} → ${ceiling(r.after, m.currency)}`,
    ];
    return [{ lead: `Cost per month (committed: dedicated agents' requests × replicas; ceiling: what the quota allows)`, header: ['team', 'committed', 'change', 'ceiling'], rows: [...m.teams.map(row), row(m.total)] }];
  },
  brief: (m) => {
    const { before: b, after: a } = m.total;
    const c = m.currency;
    if (!b || !a) return `${b ? 'was' : 'new'}: committed ${money(committed(a ?? b), c)} a month, ceiling ${ceiling(a ?? b, c)}`;
    const delta = a.committed - b.committed;
    const parts = [Math.abs(delta) >= 0.005 ? `committed ${moneyDelta(delta, c)}` : ''];
    if (a.ceiling !== undefined && b.ceiling !== undefined) parts.push(a.ceiling !== b.ceiling ? `ceiling ${moneyDelta(a.ceiling - b.ceiling, c)}` : '');
    else if (a.ceiling !== b.ceiling) parts.push(`ceiling ${ceiling(b, c)} → ${ceiling(a, c)}`);
    const said = parts.filter(Boolean);
    return said.length ? `${said.join(', ')} a month` : 'teams changed, tenant total unchanged';
  },
};

const access: Section<TenantAccess> = {
  id: 'access',
  compute: ({ before, after, tenants }) => diffAccess(before, after, [...tenants, '_platform']),
  blocks: (m) => [
    {
      lead: 'Access',
      header: ['change', 'who', 'role', 'where', 'note'],
      rows: m.changes.map((c) => [c.change, c.subject, c.role, `${c.scope}${c.production ? ' (production)' : ''}`, c.escalation ? `escalation${c.from ? ` from ${c.from}` : ''}` : '']),
    },
  ],
  brief: (m) => {
    const gained = m.changes.filter((c) => c.change === 'gained').length;
    const escalations = m.changes.filter((c) => c.escalation).length;
    return [`${gained} gained`, `${m.changes.length - gained} lost`, escalations ? plural(escalations, 'escalation') : ''].filter(Boolean).join(', ');
  },
};

const network: Section<TenantNetwork> = {
  id: 'network',
  compute: ({ network: n }) => n.tenants,
  blocks: (m) => [
    {
      lead: 'Network (reachability matrix of npm run check)',
      header: ['change', 'from', 'to', 'ports', 'note'],
      rows: m.edges.map((e) => [e.change, e.from, e.to, e.change === 'changed' ? arrow(e.before, e.after) : (e.after ?? e.before ?? ''), e.crossTenant ? 'crosses tenants' : '']),
    },
  ],
  brief: (m) => plural(m.edges.length, 'connection') + ' changed',
};

/** In report order. */
export const SECTIONS: readonly Section<unknown>[] = [entry(objects), entry(quota), entry(cost), entry(access), entry(network)];

/** Each section's model type is its own; the table holds them side by side. */
function entry<T>(section: Section<T>): Section<unknown> {
  return section as unknown as Section<unknown>;
}
