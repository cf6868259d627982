// The AIM Engine teams: ml-team-a and ml-team-b, each group editor in its own namespace, credentials by reference.
import { defineTenant } from '../../../lib/spec/schema';

export default defineTenant({
  id: 'ml',
  name: 'Machine learning',
  owner: 'ml-platform@example.com',
  description: 'Inference teams working with AIMService, AIMModel and AIMRuntimeConfig in their own namespaces',
  isolation: 'soft',
  labels: { 'cost-center': 'ml-research' },
  teams: [
    {
      id: 'team-a',
      labels: { 'team-name': 'team-a', 'aim.eai.amd.com/team': 'team-a' },
      // "kubectl create rolebinding team-a-aimservice --clusterrole=aimservice-editor --group=team-a".
      access: [{ group: 'team-a', role: 'edit' }],
      // The namespace layer: overrides the cluster default, and the team's token by reference only.
      env: { AIM_STORAGE_CLASS: 'fast-nvme', HF_TOKEN: { secretKeyRef: { name: 'team-a-hf-token', key: 'token' } } },
    },
    {
      id: 'team-b',
      labels: { 'team-name': 'team-b', 'aim.eai.amd.com/team': 'team-b' },
      access: [{ group: 'team-b', role: 'edit' }],
      env: { HF_TOKEN: { secretKeyRef: { name: 'team-b-hf-token', key: 'token' } } },
    },
  ],
});
