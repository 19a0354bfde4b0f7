// CI's dependency gate: the production dependencies' advisories (`npm audit --omit=dev`); any of
// high or critical severity fails. A registry that gives no audit at all is said loudly; it
// fails only with PEYK_AUDIT_REQUIRED=1 (set it where the public registry is reachable), as
// some mirrors refuse the audit's POST whatever the dependencies are.
import { spawnSync } from 'node:child_process';
import { auditVerdict } from './audit-verdict.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
const verdict = auditVerdict(run.stdout ?? '');
switch (verdict.kind) {
  case 'clean':
    console.log('npm audit: no advisory of high or critical severity in the production dependencies');
    break;
  case 'vulnerable':
    console.error(`npm audit: advisories of high or critical severity in: ${verdict.packages.join(', ')}`);
    console.error('Run `npm audit --omit=dev` for the details and `npm audit fix` or a pinned upgrade.');
    process.exitCode = 1;
    break;
  case 'unavailable':
    console.warn(
      `npm audit: THE REGISTRY GAVE NO AUDIT (${verdict.reason}); the dependencies were not checked`,
    );
    if (process.env.PEYK_AUDIT_REQUIRED === '1') process.exitCode = 1;
    break;
}
