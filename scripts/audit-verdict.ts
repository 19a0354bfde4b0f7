/** Severities that fail the gate, as `npm audit --audit-level=high` counts them. */
const FAILING = new Set(['high', 'critical']);

export type AuditVerdict =
  | { kind: 'clean' }
  | { kind: 'vulnerable'; packages: string[] }
  | { kind: 'unavailable'; reason: string };

interface AuditOutput {
  vulnerabilities?: Record<string, { severity?: string } | null> | null;
  message?: string;
  statusCode?: number;
}

/**
 * What `npm audit --json` printed, judged: `clean`, `vulnerable` (with the packages at high or
 * critical severity) or `unavailable` (the registry gave no audit: some mirrors answer 405 to
 * its POST, and that says nothing about the dependencies).
 */
export function auditVerdict(output: string): AuditVerdict {
  let report: AuditOutput | null;
  try {
    report = JSON.parse(output);
  } catch {
    return { kind: 'unavailable', reason: `npm audit printed no JSON: ${output.slice(0, 200)}` };
  }
  if (!report || typeof report.vulnerabilities !== 'object' || report.vulnerabilities === null) {
    const status = report?.statusCode ? ` (HTTP ${report.statusCode})` : '';
    return { kind: 'unavailable', reason: `${report?.message ?? 'no audit report'}${status}` };
  }
  const packages = Object.entries(report.vulnerabilities)
    .filter(([, advisory]) => FAILING.has(advisory?.severity ?? ''))
    .map(([name, advisory]) => `${name} (${advisory?.severity})`)
    .sort();
  return packages.length ? { kind: 'vulnerable', packages } : { kind: 'clean' };
}
