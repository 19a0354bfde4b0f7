import { describe, expect, it } from 'vitest';
import { auditVerdict } from './audit-verdict.js';

const report = (vulnerabilities: Record<string, { severity: string }>) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: {} });

describe('the audit gate', () => {
  it('fails on a high or critical advisory and names the packages', () => {
    expect(
      auditVerdict(
        report({ ws: { severity: 'high' }, tar: { severity: 'critical' }, ms: { severity: 'low' } }),
      ),
    ).toEqual({ kind: 'vulnerable', packages: ['tar (critical)', 'ws (high)'] });
  });

  it('passes with none or only low and moderate ones', () => {
    expect(auditVerdict(report({}))).toEqual({ kind: 'clean' });
    expect(auditVerdict(report({ ms: { severity: 'moderate' }, qs: { severity: 'low' } }))).toEqual({
      kind: 'clean',
    });
  });

  it('tells a registry that refused the audit from a clean report', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
    });
    expect(auditVerdict(refused)).toEqual({
      kind: 'unavailable',
      reason:
        '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk (HTTP 405)',
    });
    expect(auditVerdict('').kind).toBe('unavailable');
  });
});
