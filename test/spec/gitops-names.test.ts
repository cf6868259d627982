import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  argoPath,
  deployApplicationName,
  fluxPath,
  gitOpsRoles,
  PLATFORM_PROJECT,
  platformApplicationName,
  platformKustomizationName,
  PROJECT_ACTIONS,
  RESERVED_PROJECTS,
  TENANT_BLACKLIST,
  TENANT_WHITELIST,
  type GitOpsEngine,
} from '../../lib/spec/gitops-names';
import { GUARDRAIL_KINDS } from '../../lib/spec/tenant-kinds';

const groupKind = ({ group, kind }: { group: string; kind: string }) => `${group}/${kind}`;

describe('gitOpsRoles', () => {
  it.each<[GitOpsEngine, ReturnType<typeof gitOpsRoles>]>([
    ['argocd', { argocdPlatform: true, fluxPlatform: false, argocdProjects: true, argocdDeploy: true, fluxDeploy: false }],
    ['flux', { argocdPlatform: false, fluxPlatform: true, argocdProjects: false, argocdDeploy: false, fluxDeploy: true }],
    ['both', { argocdPlatform: true, fluxPlatform: false, argocdProjects: true, argocdDeploy: false, fluxDeploy: true }],
  ])('gives engine %s exactly its roles', (engine, expected) => {
    // GIVEN the engine platform.ts wires
    const wired = engine;

    // WHEN its roles are asked for
    const roles = gitOpsRoles(wired);

    // THEN each role belongs to exactly the engines that play it
    expect(roles).toEqual(expected);
  });

  it.each<GitOpsEngine>(['argocd', 'flux', 'both'])('under engine %s gives the platform folders and team deploys each to exactly one engine', (engine) => {
    // GIVEN an engine
    // WHEN its roles are asked for
    const roles = gitOpsRoles(engine);

    // THEN no folder is synced twice and no deploy is reconciled twice
    expect(Number(roles.argocdPlatform) + Number(roles.fluxPlatform)).toBe(1);
    expect(Number(roles.argocdDeploy) + Number(roles.fluxDeploy)).toBe(1);
  });
});

describe('paths', () => {
  it.each([
    ['.', '.', './'],
    ['./clusters/', 'clusters', './clusters'],
    ['clusters/dev', 'clusters/dev', './clusters/dev'],
    ['./a//b/./c', 'a/b/c', './a/b/c'],
  ])('writes the path %s as %s for argo cd and %s for flux', (path, argo, flux) => {
    // GIVEN a deploy path as a tenant may write it
    const input = path;

    // WHEN it is normalised for each engine
    const paths = [argoPath(input), fluxPath(input)];

    // THEN both engines read the same folder
    expect(paths).toEqual([argo, flux]);
  });

  it('normalises any path to one folder both engines agree on, idempotently', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('', '.', 'a', 'clusters', 'dev'), { maxLength: 6 }), fc.boolean(), (segments, leadingDot) => {
        // GIVEN a path made of segments, empty ones and "." among them
        const path = `${leadingDot ? './' : ''}${segments.join('/')}`;

        // WHEN it is written for each engine
        const argo = argoPath(path);
        const flux = fluxPath(path);

        // THEN Flux's path is Argo CD's behind "./", and normalising again changes nothing
        expect(flux).toBe(argo === '.' ? './' : `./${argo}`);
        expect(argoPath(argo)).toBe(argo);
        expect(fluxPath(flux)).toBe(flux);
        expect(argo.split('/')).not.toContain('');
      }),
    );
  });
});

describe('names', () => {
  it('names the objects of a namespace and a tenant readably, without hashes', () => {
    // GIVEN a namespace and a tenant
    const namespace = 'acme-web-dev';
    const tenant = 'acme';

    // WHEN their GitOps objects are named
    const names = [deployApplicationName(namespace), platformApplicationName(tenant), platformKustomizationName(tenant)];

    // THEN the deploy Application takes the namespace's name and the platform's objects a "tenant-" prefix
    expect(names).toEqual(['acme-web-dev', 'tenant-acme', 'tenant-acme']);
  });

  it('keeps every platform Kustomization name away from flux-system', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant('flux-system'), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/)), (tenant) => {
        // GIVEN any tenant id, "flux-system" included
        // WHEN its platform Kustomization is named
        const name = platformKustomizationName(tenant);

        // THEN it can never be the name of Flux's own Kustomization
        expect(name).not.toBe('flux-system');
        expect(name.startsWith('tenant-')).toBe(true);
      }),
    );
  });

  it('reserves the platform project and argo cd\'s default project', () => {
    // GIVEN the reserved AppProject names
    // WHEN they are listed
    const reserved = [...RESERVED_PROJECTS];

    // THEN both the built-in default and the platform's own project are taken
    expect(reserved).toEqual(['default', 'tenantry-platform']);
    expect(reserved).toContain(PLATFORM_PROJECT);
  });
});

describe('tenant application kinds', () => {
  it('blacklists every guardrail and every rbac or gitops applier kind, and whitelists none of them', () => {
    // GIVEN what a tenant's Argo CD Applications may and may not create
    const black = TENANT_BLACKLIST.map(groupKind);
    const white = TENANT_WHITELIST.map(groupKind);

    // WHEN the two lists are compared
    const both = white.filter((k) => black.includes(k));

    // THEN they do not overlap, and the guardrails, RBAC and appliers are refused
    expect(both).toEqual([]);
    for (const kind of GUARDRAIL_KINDS.map(groupKind)) expect(black).toContain(kind);
    expect(black).toEqual(
      expect.arrayContaining([
        'rbac.authorization.k8s.io/Role',
        'rbac.authorization.k8s.io/RoleBinding',
        'argoproj.io/AppProject',
        'argoproj.io/Application',
        'argoproj.io/ApplicationSet',
        'helm.toolkit.fluxcd.io/HelmRelease',
        'kustomize.toolkit.fluxcd.io/Kustomization',
      ]),
    );
    expect(new Set(white).size).toBe(white.length);
  });

  it('lets each team role do in argo cd what the role below it may, and more', () => {
    // GIVEN the project-role actions per team role
    const { view, edit, admin } = PROJECT_ACTIONS;

    // WHEN each is compared with the role below it
    const editMissing = view.filter((a) => !(edit as readonly string[]).includes(a));
    const adminMissing = edit.filter((a) => !(admin as readonly string[]).includes(a));

    // THEN the roles nest, and only admin deletes or overrides
    expect([editMissing, adminMissing]).toEqual([[], []]);
    expect(view).toEqual(['get']);
    expect(edit).not.toContain('delete');
    expect(admin).toEqual(expect.arrayContaining(['delete', 'override']));
  });
});
