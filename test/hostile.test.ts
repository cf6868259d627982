import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { runCheck } from '../lib/check/check';
import { synth } from '../main';
import { applyChange, baseWorkspace, hostileFolders, type HostileChange } from './support/hostile';
import { readTree } from './support/tree';

/*
 * The adversarial corpus: each case is a tenant's pull request against the base project
 * in test/fixtures/hostile/_base/ (already synthesized into dist/). Each asserts the exact
 * lines synth prints, exit 1, that dist/ and every other file are byte for byte unchanged,
 * and that nothing in the tenant file ran (no exit, no hang, no prototype or environment change).
 */

interface HostileCase {
  readonly name: string;
  readonly when: string;
  readonly change: HostileChange;
  /** The exact error lines, before the summary line. */
  readonly lines: readonly string[];
}

const BIG_SYNTAX_ERRORS = `export default { id: 'acme', teams: [ ${'@#! %^&*'.repeat(64 * 1024)}`;
const DEEP = `export default { id: 'acme', teams: ${'['.repeat(100_000)}${']'.repeat(100_000)} };\n`;
const HUGE_NAME = `export default { id: 'acme', name: '${'Acme '.repeat(400_000)}', owner: 'lead@acme.example', isolation: 'soft', teams: [{ id: 'api' }] };\n`;
const OFFBOARD_GLOBEX = `dist/globex/: tenant "globex" has no file tenants/globex.ts, so synth would delete this folder and GitOps would prune its namespaces and volumes; restore the file, or offboard on purpose: set status: 'terminating' in it and synthesize first, or run synth with --allow-remove globex`;

const CASES: readonly HostileCase[] = [
  {
    name: 'application-clash',
    when: "a tenant's deploy Application would take another tenant's platform Application",
    change: { overlay: 'application-clash' },
    lines: [
      'tenants/tenant.ts: teams.0.deploy — the Argo CD Application "tenant-acme" of namespace tenant-acme would clash with the platform Application of tenant acme; rename the tenant or the team',
    ],
  },
  {
    name: 'cross-tenant-import',
    when: "a tenant imports another tenant's file to grant itself admin there",
    change: { overlay: 'cross-tenant-import' },
    lines: [
      `tenants/acme.ts:2:1: import from "./globex" is not allowed in a tenant file; the only import allowed is import { defineTenant } from '../lib/spec/schema'`,
      'tenants/acme.ts:3:1: a call is not allowed in a tenant file; a tenant file holds only the defineTenant import and export default defineTenant({ ... }), so write the value into the exported object',
    ],
  },
  {
    name: 'env-read',
    when: 'a tenant reads the environment into its spec',
    change: { overlay: 'env-read' },
    lines: [
      `tenants/acme.ts:4:9: name — an expression (process.env.GITHUB_TOKEN ?? 'Acme Corp') is not allowed in a tenant file; a tenant file is data, so write the value itself as a literal`,
      'tenants/acme.ts:7:37: teams.0.env.LEAK — a template with ${...} (`${process.env.HOME}`) is not allowed in a tenant file; a tenant file is data, so write the value itself as a literal',
    ],
  },
  {
    name: 'file-write',
    when: "a tenant writes into another tenant's dist/ folder",
    change: { overlay: 'file-write' },
    lines: [
      `tenants/acme.ts:2:1: import from "node:fs" is not allowed in a tenant file; the only import allowed is import { defineTenant } from '../lib/spec/schema'`,
      'tenants/acme.ts:3:1: a call is not allowed in a tenant file; a tenant file holds only the defineTenant import and export default defineTenant({ ... }), so write the value into the exported object',
    ],
  },
  {
    name: 'gate-off-exit',
    when: 'a tenant calls process.exit(0) to switch the gate off',
    change: { overlay: 'gate-off-exit' },
    lines: [
      'tenants/acme.ts:2:1: a call is not allowed in a tenant file; a tenant file holds only the defineTenant import and export default defineTenant({ ... }), so write the value into the exported object',
    ],
  },
  {
    name: 'gate-off-hang',
    when: 'a tenant hangs check forever to switch the gate off',
    change: { overlay: 'gate-off-hang' },
    lines: [
      'tenants/acme.ts:2:1: an if statement is not allowed in a tenant file; a tenant file holds only the defineTenant import and export default defineTenant({ ... }), so write the value into the exported object',
    ],
  },
  {
    name: 'guardrail-nulls',
    when: "a tenant nulls the platform's quota and LimitRange",
    change: { overlay: 'guardrail-nulls' },
    lines: [
      'tenants/acme.ts: teams.0.quota — null would remove the ResourceQuota, a guardrail of platform.ts (guardrails.quota); give the values you need instead',
      'tenants/acme.ts: limitRange — null would remove the LimitRange, a guardrail of platform.ts (guardrails.limitRange); give the values you need instead',
      `tenants/acme.ts: teams.1.quota.memory — null would remove the ResourceQuota's memory (platform default "4Gi"), a guardrail of platform.ts (guardrails.quota); give the values you need instead`,
    ],
  },
  {
    name: 'infinite-loop',
    when: 'a tenant loops forever',
    change: { overlay: 'infinite-loop' },
    lines: [
      'tenants/acme.ts:2:1: a statement (WhileStatement) is not allowed in a tenant file; a tenant file holds only the defineTenant import and export default defineTenant({ ... }), so write the value into the exported object',
    ],
  },
  {
    name: 'moved-subfolder',
    when: 'a tenant file is moved into a subfolder of tenants/',
    change: { overlay: 'moved-subfolder' },
    lines: [
      'tenants/archive/: a folder in tenants/; tenant files live directly in tenants/ as <id>.ts, so move its files up or out of tenants/',
    ],
  },
  {
    name: 'prototype-names',
    when: 'a tenant names a unit and a shared service that only Object.prototype has',
    change: { overlay: 'prototype-names' },
    lines: [
      'tenants/acme.ts: teams.0.network.sharedServices.0 — unknown shared service, got "toString"; use one of: postgresql',
      'tenants/acme.ts: teams.0.unit — unknown unit, got "constructor"; declare it under units or use one of: (none declared)',
    ],
  },
  {
    name: 'prototype-pollution',
    when: 'a tenant pollutes Object.prototype to give every team its deploy source',
    change: { overlay: 'prototype-pollution' },
    lines: [
      'tenants/acme.ts:2:1: a call is not allowed in a tenant file; a tenant file holds only the defineTenant import and export default defineTenant({ ... }), so write the value into the exported object',
    ],
  },
  {
    name: 'renamed-backup',
    when: 'a tenant file is renamed to .ts.bak',
    change: { overlay: 'renamed-backup' },
    lines: [
      'tenants/globex.ts.bak: not a tenant file (a tenant file is named <id>.ts, in lowercase), so its tenant would be pruned; rename it to tenants/globex.ts to keep the tenant, or move it out of tenants/',
    ],
  },
  {
    name: 'renamed-case',
    when: 'a tenant file is renamed to .TS',
    change: { overlay: 'renamed-case' },
    lines: [
      'tenants/globex.TS: not a tenant file (a tenant file is named <id>.ts, in lowercase), so its tenant would be pruned; rename it to tenants/globex.ts to keep the tenant, or move it out of tenants/',
    ],
  },
  {
    name: 'renamed-mts',
    when: 'a tenant file is renamed to .mts',
    change: { overlay: 'renamed-mts' },
    lines: [
      'tenants/globex.mts: not a tenant file (a tenant file is named <id>.ts, in lowercase), so its tenant would be pruned; rename it to tenants/globex.ts to keep the tenant, or move it out of tenants/',
    ],
  },
  {
    name: 'reserved-namespaces',
    when: 'tenants take the namespaces of cert-manager and istio',
    change: { overlay: 'reserved-namespaces' },
    lines: [
      'tenants/cert.ts: teams.0.id — namespace "cert-manager" is reserved ("cert-manager", reservedNamespaces in platform.ts); choose another tenant or team id',
      'tenants/istio.ts: teams.0.id — namespace "istio-system" is reserved ("istio-*", reservedNamespaces in platform.ts); choose another tenant or team id',
    ],
  },
  {
    name: 'secrets',
    when: 'twelve realistic secrets sit in tenant and platform strings',
    change: { overlay: 'secrets' },
    lines: [
      'tenants/acme.ts: env.DB_PASS — looks like a literal secret (secret-named variable), got "hunt…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.DATABASE_URL — looks like a literal secret (credentials in a URL), got "post…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.STRIPE — looks like a literal secret (Stripe Live Secret Key), got "sk_l…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.GITLAB — looks like a literal secret (GitLab Personal Access Token), got "glpa…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.MAPS — looks like a literal secret (Google API key), got "AIza…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.HOOK — looks like a literal secret (Slack Incoming Webhook), got "http…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.SESSION — looks like a literal secret (JSON Web Token), got "eyJh…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.AWS — looks like a literal secret (AWS Access Key ID), got "ASIA…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.GH_APP — looks like a literal secret (GitHub Token (GitHub server-to-server tokens)), got "ghs_…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: env.REGISTRY — looks like a literal secret (npm access token), got "npm_…"; store it in a Secret and use { secretKeyRef: { name, key } }',
      'tenants/acme.ts: teams.0.deploy.repo — looks like a literal secret (basic auth credential), got "http…"; remove the credentials from the URL and give them in a Secret named by secretRef',
    ],
  },
  {
    name: 'shared-repository',
    when: "a tenant lists another tenant's private repository",
    change: { overlay: 'shared-repository' },
    lines: [
      `tenants/acme.ts: repos.1 — repository "ssh://git@github.com/Globex/private" is also listed by tenants/globex.ts (repos.0), tenants/globex.ts (teams.0.deploy.repo); a repository belongs to one tenant, so remove it where it is not the tenant's own`,
      `tenants/acme.ts: teams.0.deploy.repo — repository "https://GITHUB.com/globex/private.git/" is also listed by tenants/globex.ts (repos.0), tenants/globex.ts (teams.0.deploy.repo); a repository belongs to one tenant, so remove it where it is not the tenant's own`,
      `tenants/globex.ts: repos.0 — repository "https://github.com/globex/private.git" is also listed by tenants/acme.ts (repos.1), tenants/acme.ts (teams.0.deploy.repo); a repository belongs to one tenant, so remove it where it is not the tenant's own`,
      `tenants/globex.ts: teams.0.deploy.repo — repository "https://github.com/globex/private.git" is also listed by tenants/acme.ts (repos.1), tenants/acme.ts (teams.0.deploy.repo); a repository belongs to one tenant, so remove it where it is not the tenant's own`,
    ],
  },
  {
    name: 'throwing-timer',
    when: 'a tenant sets a throwing timer and a throwing getter',
    change: { overlay: 'throwing-timer' },
    lines: [
      'tenants/acme.ts:2:1: a call is not allowed in a tenant file; a tenant file holds only the defineTenant import and export default defineTenant({ ... }), so write the value into the exported object',
      'tenants/acme.ts:10:3: a getter (teams) is not allowed in a tenant file; write key: value with a literal value',
    ],
  },
  {
    name: 'values-kubernetes-misreads',
    when: 'values Kubernetes would reject or misread pass the schema',
    change: { overlay: 'values-kubernetes-misreads' },
    lines: [
      `tenants/acme.ts: labels["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/tier"] — the label key's prefix must be a DNS subdomain of at most 253 characters, got 277 characters "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...; use a domain you own such as "example.com/"`,
      'tenants/acme.ts: teams.0.quota.cpu — cpu is counted in cores, so "4Gi" is 4.29e+9 cores; write "4" (cores) or "4m" (thousandths of a core)',
      'tenants/acme.ts: teams.0.quota.memory — "m" means thousandths, so "512m" is 0.512 bytes; write "512Mi" (mebibytes) or "512M" (megabytes)',
      'tenants/acme.ts: teams.0.deploy.path — expected a folder inside the repository, got "../globex", which leaves it through ".."; write it relative to the repository root without ".."',
    ],
  },
  {
    name: 'values-not-data',
    when: 'a tenant writes a BigInt, a spread, a function and a name',
    change: { overlay: 'values-not-data' },
    lines: [
      'tenants/acme.ts:7:18: quota.pods — a BigInt (10n) is not allowed in a tenant file; a tenant file is data, so write the value itself as a literal',
      'tenants/acme.ts:8:24: teams.0 — a spread (...) is not allowed in a tenant file; write key: value with a literal value',
      'tenants/acme.ts:8:45: teams.1 — a function is not allowed in a tenant file; a tenant file is data, so write the value itself as a literal',
      'tenants/acme.ts:8:68: teams.2 — the name undefined is not allowed in a tenant file; a tenant file is data, so write the value itself as a literal',
    ],
  },
  {
    name: 'values-not-data-keys',
    when: 'a tenant writes a computed key, a __proto__ key and a method',
    change: { overlay: 'values-not-data-keys' },
    lines: [
      `tenants/acme.ts:7:3: a computed key (['lab' + 'els']) is not allowed in a tenant file; write a plain or quoted key`,
      `tenants/acme.ts:8:3: the key __proto__ is not allowed in a tenant file; remove it (it would set the object's prototype, not a field)`,
      'tenants/acme.ts:9:3: a method (toJSON) is not allowed in a tenant file; write key: value with a literal value',
    ],
  },

  {
    name: 'huge-file-of-syntax-errors',
    when: 'a tenant file is half a megabyte of syntax errors',
    change: { write: { 'tenants/acme.ts': BIG_SYNTAX_ERRORS } },
    lines: ['tenants/acme.ts: cannot be read — the file is 513 KiB, more than the 256 KiB a tenant file may have; split the tenant or shorten the file'],
  },
  {
    name: 'deep-nesting',
    when: 'a tenant file nests brackets 100,000 deep to overflow the parser',
    change: { write: { 'tenants/acme.ts': DEEP } },
    lines: ['tenants/acme.ts:1:68: cannot be read — brackets nested more than 32 levels deep; flatten the value'],
  },
  {
    name: 'huge-display-name',
    when: 'a tenant sets a 2 MB display name',
    change: { write: { 'tenants/acme.ts': HUGE_NAME } },
    lines: ['tenants/acme.ts: cannot be read — the file is 1954 KiB, more than the 256 KiB a tenant file may have; split the tenant or shorten the file'],
  },
  {
    name: 'missing-tenant',
    when: "a pull request deletes another tenant's file",
    change: { remove: ['tenants/globex.ts'] },
    lines: [OFFBOARD_GLOBEX],
  },
  {
    name: 'empty-tenants',
    when: 'a pull request empties tenants/',
    change: { remove: ['tenants/acme.ts', 'tenants/globex.ts'] },
    lines: [OFFBOARD_GLOBEX.replaceAll('globex', 'acme'), OFFBOARD_GLOBEX],
  },
];

describe('hostile tenant files', () => {
  let workspace: string;
  let errors: MockInstance<(...args: unknown[]) => void>;
  let logs: MockInstance<(...args: unknown[]) => void>;

  beforeEach(async () => {
    workspace = baseWorkspace();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    logs = vi.spyOn(console, 'log').mockImplementation(() => {});
    errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await synth([], workspace, join(workspace, 'dist'))).toBe(0);
    logs.mockClear();
    errors.mockClear();
  });

  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('has a case for every fixture folder', () => {
    // GIVEN the hostile fixture folders
    const folders = hostileFolders();

    // WHEN they are matched with the table's overlays
    const overlays = CASES.flatMap((c) => (c.change.overlay ? [c.change.overlay] : [])).sort();

    // THEN each folder is a case
    expect(overlays).toEqual(folders);
  });

  for (const hostile of CASES) {
    it(`fails when ${hostile.when}`, async () => {
      // GIVEN the synthesized base project and the hostile change
      const env = { ...process.env };
      applyChange(workspace, hostile.change);
      const before = readTree(workspace);

      // WHEN synth runs on it
      const code = await synth([], workspace, join(workspace, 'dist'));

      // THEN it prints exactly the expected lines, exits 1, and nothing changed anywhere
      const printed = errors.mock.calls.map((call) => String(call[0]));
      const count = hostile.lines.length;
      expect(printed).toEqual([...hostile.lines, `\n${count} error${count === 1 ? '' : 's'}; dist/ was not changed.`]);
      expect(code).toBe(1);
      expect(logs).not.toHaveBeenCalled();
      expect(readTree(workspace)).toEqual(before);
      expect(Object.prototype).not.toHaveProperty('deploy');
      expect(process.env).toEqual(env);
    });
  }

  it("still reports another tenant's cluster-admin binding when a tenant file tries to switch check off", async () => {
    // GIVEN globex's admin binding edited to cluster-admin, and acme's file trying to hang and exit check
    const binding = join(workspace, 'dist', 'globex', 'RoleBinding.globex-payments.team-admin.yaml');
    writeFileSync(binding, readFileSync(binding, 'utf8').replace('name: tenantry-tenant-admin', 'name: cluster-admin'));
    applyChange(workspace, { overlay: 'gate-off-hang' });
    applyChange(workspace, { write: { 'tenants/globex.ts': `process.exit(0);\n${readFileSync(join(workspace, 'tenants', 'globex.ts'), 'utf8')}` } });

    // WHEN check runs
    const code = await runCheck(['--json'], workspace);

    // THEN it fails, naming both tenant files and the cluster-admin binding
    const report = JSON.parse(String(logs.mock.calls[0]![0])) as { ok: boolean; findings: { invariant: string; file: string }[] };
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ invariant: 'rbac/no-cluster-admin', file: 'dist/globex/RoleBinding.globex-payments.team-admin.yaml' }),
        expect.objectContaining({ invariant: 'spec/valid', file: 'tenants/acme.ts:2:1' }),
        expect.objectContaining({ invariant: 'spec/valid', file: 'tenants/globex.ts:1:1' }),
      ]),
    );
  });

  it('removes a tenant whose file is gone when --allow-remove names it, and says so', async () => {
    // GIVEN globex's file deleted
    applyChange(workspace, { remove: ['tenants/globex.ts'] });

    // WHEN synth runs with --allow-remove globex
    const code = await synth(['--allow-remove', 'globex'], workspace, join(workspace, 'dist'));

    // THEN globex's folder is gone, acme's is kept, and the summary names the removal
    expect(code).toBe(0);
    expect(existsSync(join(workspace, 'dist', 'globex'))).toBe(false);
    expect(existsSync(join(workspace, 'dist', 'acme', 'kustomization.yaml'))).toBe(true);
    expect(logs.mock.calls.map((call) => String(call[0]))).toContain('removing: dist/globex/ (GitOps prunes what they created)');
  });

  it("offboards a tenant set to 'terminating' first, after which its file may go", async () => {
    // GIVEN globex set to terminating
    const file = join(workspace, 'tenants', 'globex.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("isolation: 'hard',", "isolation: 'hard',\n  status: 'terminating',"));

    // WHEN synth runs, then the file is deleted and synth runs again
    const first = await synth([], workspace, join(workspace, 'dist'));
    const removing = logs.mock.calls.map((call) => String(call[0])).filter((line) => line.startsWith('removing:'));
    rmSync(file);
    const second = await synth([], workspace, join(workspace, 'dist'));

    // THEN both succeed, the first names the removal and globex's folder is gone
    expect([first, second]).toEqual([0, 0]);
    expect(removing).toEqual(['removing: dist/globex/ (GitOps prunes what they created)']);
    expect(existsSync(join(workspace, 'dist', 'globex'))).toBe(false);
  });
});
