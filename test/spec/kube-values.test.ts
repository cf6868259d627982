import { describe, expect, it } from 'vitest';
import type { FieldPath } from '../../lib/spec/errors';
import { checkPlatformValues, checkTenantValues, quantity } from '../../lib/spec/kube-values';
import { PlatformSchema, TenantSchema } from '../../lib/spec/schema';

/* Values as Kubernetes and Git read them: each case gives the message a user reads. */

function collect(run: (error: (path: FieldPath, message: string) => void) => void): string[] {
  const errors: string[] = [];
  run((path, message) => errors.push(`${path.join('.')} — ${message}`));
  return errors;
}

describe('quantity', () => {
  it('accepts memory in whole bytes and cpu in cores or millicores', () => {
    // GIVEN usual quantities
    const ok = [['128Mi', 'bytes'], ['1.5Gi', 'bytes'], ['500M', 'bytes'], ['2', 'cpu'], ['500m', 'cpu'], ['0.5', 'cpu']] as const;

    // WHEN they are checked
    // THEN none is refused
    expect(collect((error) => ok.forEach(([value, kind]) => quantity(['q'], value, kind, error)))).toEqual([]);
  });

  it('fails when memory is in millibytes or fractional bytes, or cpu has a byte suffix or too fine a precision', () => {
    // GIVEN the slips Kubernetes would misread
    const bad = [['512m', 'bytes'], ['0.5', 'bytes'], ['4Gi', 'cpu'], ['2k', 'cpu'], ['0.0001', 'cpu'], ['1.5m', 'cpu']] as const;

    // WHEN they are checked
    const errors = collect((error) => bad.forEach(([value, kind]) => quantity(['q'], value, kind, error)));

    // THEN each gets its fix
    expect(errors).toEqual([
      'q — "m" means thousandths, so "512m" is 0.512 bytes; write "512Mi" (mebibytes) or "512M" (megabytes)',
      'q — is not a whole number of bytes, got "0.5"; use a larger unit, such as "0.5Mi" instead of "0.5"',
      'q — cpu is counted in cores, so "4Gi" is 4.29e+9 cores; write "4" (cores) or "4m" (thousandths of a core)',
      'q — cpu is counted in cores, so "2k" is 2.00e+3 cores; write "2" (cores) or "2m" (thousandths of a core)',
      'q — is less than the smallest cpu Kubernetes counts (1m), got "0.0001"; write "1m" or more',
      'q — cpu has a precision of 1m, got "1.5m"; write a whole number of millicores such as "2m"',
    ]);
  });
});

describe('checkTenantValues', () => {
  it('fails when node selectors, tolerations, secret keys, subjects and refs break Kubernetes or Git rules', () => {
    // GIVEN a tenant with one bad value of each kind zod alone lets through
    const spec = TenantSchema.parse({
      id: 'acme',
      name: 'Acme',
      owner: 'lead@acme.example',
      isolation: 'soft',
      teams: [
        {
          id: 'api',
          access: [{ group: 'a\nb', role: 'edit' }],
          deploy: { repo: 'https://github.com/acme/apps.git', path: 'apps\\win', branch: '-main' },
          env: { DB: { secretKeyRef: { name: 'db', key: 'pass word' } } },
          agent: { nodeSelector: { 'Node Type': 'x' }, tolerations: [{ key: 'gpu', value: 'a'.repeat(64), effect: 'NoSchedule' }] },
        },
      ],
    });

    // WHEN its values are checked
    const errors = collect((error) => checkTenantValues(spec, error));

    // THEN each names its field and fix
    expect(errors).toEqual([
      'teams.0.agent.nodeSelector.Node Type — expected a label key name of at most 63 letters, digits, "-", "_" or ".", got "Node Type"; shorten or rename it',
      `teams.0.agent.tolerations.0.value — expected a label value of at most 63 letters, digits, "-", "_" or ".", got "${'a'.repeat(56)}...; shorten it`,
      'teams.0.env.DB.secretKeyRef.key — expected a key of letters, digits, "-", "_" or "." (at most 253), got "pass word"; use the key\'s name in the Secret',
      'teams.0.access.0.group — expected a group name of at most 253 characters on one line, got "a\\nb"; shorten it',
      'teams.0.deploy.path — expected a folder path of at most 255 characters with "/" between folders, got "apps\\\\win"; write it such as "./clusters"',
      'teams.0.deploy.branch — expected a Git branch or ref such as "main" or "release/1.2", got "-main"; git check-ref-format lists the rules',
    ]);
  });
});

describe('checkTenantValues on node placement and ServiceMonitor selectors', () => {
  it('fails when nodes or a ServiceMonitor selector break label rules', () => {
    // GIVEN a team whose node toleration key and ServiceMonitor selector key are malformed (zod checks node selector keys itself)
    const spec = TenantSchema.parse({
      id: 'acme',
      name: 'Acme',
      owner: 'lead@acme.example',
      isolation: 'soft',
      teams: [{ id: 'api', nodes: { tolerations: [{ key: 'g p u', effect: 'NoSchedule' }] }, serviceMonitor: { port: 'metrics', selector: { 'app/': 'x' } } }],
    });

    // WHEN its values are checked
    // THEN each names its field
    expect(collect((error) => checkTenantValues(spec, error)).map((e) => e.split(' — ')[0])).toEqual(['teams.0.nodes.tolerations.0.key', 'teams.0.serviceMonitor.selector.app/']);
  });
});

describe('checkPlatformValues', () => {
  it('fails when a component pod selector key is malformed', () => {
    // GIVEN a component selecting its pods by a key with a space
    const spec = PlatformSchema.parse({ components: { orchestrator: { namespace: 'incidentfox', podSelector: { 'my app': 'x' }, reaches: { ports: [8080] } } } });
    // WHEN its values are checked
    // THEN the selector is named
    expect(collect((error) => checkPlatformValues(spec, error))).toEqual(['components.orchestrator.podSelector.my app — expected a label key name of at most 63 letters, digits, "-", "_" or ".", got "my app"; shorten or rename it']);
  });

  it('fails when the platform gitops path is absolute or a pod selector key is malformed', () => {
    // GIVEN a platform with an absolute path and a bad selector key
    const spec = PlatformSchema.parse({
      gitops: { engine: 'flux', repoURL: 'https://github.com/org/fleet.git', revision: 'main', path: '/etc' },
      ingress: { namespace: 'ingress-nginx', podSelector: { 'app/': 'x' }, ports: [80] },
    });

    // WHEN its values are checked
    // THEN both are named
    expect(collect((error) => checkPlatformValues(spec, error))).toEqual([
      'gitops.path — expected a folder inside the repository, got the absolute path "/etc"; write it relative to the repository root, such as "./clusters"',
      'ingress.podSelector.app/ — expected a label key name of at most 63 letters, digits, "-", "_" or ".", got ""; shorten or rename it',
    ]);
  });
});
