import { defineTenant } from '../lib/spec/schema';

// Terminating: left out of dist/ so Argo CD or Flux prunes everything it had.
export default defineTenant({
  id: 'wayne',
  name: 'Wayne Enterprises',
  owner: 'lucius@wayne.example',
  isolation: 'soft',
  status: 'terminating',
  teams: [{ id: 'rnd' }],
});
