// The layers of the folder tree (README "How the code is organised"): imports only point down, never in a cycle.
// Checked by test/architecture.test.ts and `npm run lint:deps`.
const layer = (from, ...forbidden) => ({
  name: `${from.slice(1, -1).replace('/', '-')}-imports-down`,
  comment: `${from} may not import ${forbidden.join(', ')}`,
  severity: 'error',
  from: { path: from },
  to: { path: forbidden.map((f) => `^${f}`) },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'no import cycles', severity: 'error', from: {}, to: { circular: true } },
    { name: 'nothing-imports-main', comment: 'main.ts is the entry point only', severity: 'error', from: {}, to: { path: '^main\\.ts$' } },
    layer('^lib/cli/', 'constructs/', 'lib/spec/', 'lib/synth/', 'lib/check/', 'lib/bench/', 'lib/review/'),
    layer('^lib/spec/', 'constructs/', 'lib/synth/', 'lib/check/', 'lib/bench/', 'lib/review/'),
    layer('^constructs/', 'lib/synth/', 'lib/check/', 'lib/bench/', 'lib/review/', 'lib/cli/'),
    layer('^lib/synth/', 'lib/check/', 'lib/bench/', 'lib/review/', 'lib/cli/'),
    layer('^lib/check/', 'constructs/', 'lib/bench/', 'lib/review/'),
    layer('^lib/bench/', 'lib/check/', 'lib/review/'),
    layer('^tenants/', 'constructs/', 'lib/synth/', 'lib/check/', 'lib/bench/', 'lib/review/', 'lib/cli/', 'tenants/'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
