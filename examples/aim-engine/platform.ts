// AIM Engine recipe: teams in ml-team-<x> namespaces, cluster defaults overridden per namespace, labels propagated by glob.
import { definePlatform } from '../../lib/spec/schema';
import { kubeEnv } from '../../lib/spec/extension-schema';

export default definePlatform({
  gitops: { engine: 'argocd', repoURL: 'https://github.com/example-org/aim-fleet.git', revision: 'main', path: 'dist' },
  // The write-up's label propagation match list: AIM's own prefix, team-*, cost-center.
  propagateLabels: ['aim.eai.amd.com/*', 'team-*', 'cost-center'],
  podSecurityVersion: 'v1.32',
  // "Teams work in their own namespaces with AIMService, AIMRuntimeConfig, AIMModel": the tenant roles
  // grant AIM's namespaced kinds (view reads, edit writes). AIMArtifact is the operator's: read only.
  // The cluster-scoped twins (AIMClusterModel, …) stay the cluster admin's.
  tenantResources: [
    { group: 'aim.eai.amd.com', kinds: ['AIMService', 'AIMModel', 'AIMServiceTemplate', 'AIMRuntimeConfig', { kind: 'AIMArtifact', readOnly: true }] },
  ],
  // AIM's CRDs are not vendored in imports/crds/, so the gate accepts the extension's kind by name.
  allowedKinds: ['aim.eai.amd.com/v1alpha1/AIMRuntimeConfig'],
  extensions: {
    // The write-up's namespace configuration: the team's env (credentials by reference) and its routing path.
    'aim-runtime-config': {
      everyNamespace: true,
      description: 'AIMRuntimeConfig "default" with the team env and routing path',
      objects: (ns) => ({
        apiVersion: 'aim.eai.amd.com/v1alpha1',
        kind: 'AIMRuntimeConfig',
        metadata: { name: 'default' },
        spec: { env: kubeEnv(ns.env), routing: { pathTemplate: `/${ns.team}/{.metadata.name}` } },
      }),
    },
  },
  defaults: {
    quota: { cpu: '16', memory: '64Gi', storage: '500Gi', pods: 50, services: 20, persistentVolumeClaims: 20 },
    // The cluster-wide layer of "Service → RuntimeConfig (namespace) → ClusterRuntimeConfig".
    env: { AIM_STORAGE_CLASS: 'default', AIM_ROUTING_ENABLED: 'true' },
    labels: { 'aim.eai.amd.com/managed': 'true' },
  },
});
