/* Whether the command runs in CI, where the gate trusts nothing left on the machine (no cache is read). */

/** CI=true (GitHub Actions, GitLab CI and most others set it), or any value but false or 0. */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && !['false', '0'].includes(env.CI.toLowerCase());
}
