/**
 * The algorithm policies a profile can choose, newest first: "default" (our client's own
 * choice, right for any OpenSSH server) and the AWS Transfer Family server policies. The
 * renderer cannot import electron/services/ssh/awsPolicies.ts, which defines them, so the
 * names are repeated here; tests/unit/renderer-policies.test.ts fails when the lists drift.
 */
export const POLICY_NAMES = [
  'default',
  'TransferSecurityPolicy-2025-03',
  'TransferSecurityPolicy-FIPS-2025-03',
  'TransferSecurityPolicy-SshAuditCompliant-2025-02',
  'TransferSecurityPolicy-2024-01',
  'TransferSecurityPolicy-FIPS-2024-01',
  'TransferSecurityPolicy-FIPS-2024-05',
  'TransferSecurityPolicy-2023-05',
  'TransferSecurityPolicy-FIPS-2023-05',
  'TransferSecurityPolicy-2022-03',
  'TransferSecurityPolicy-2020-06',
  'TransferSecurityPolicy-Restricted-2020-06',
  'TransferSecurityPolicy-FIPS-2020-06',
  'TransferSecurityPolicy-2018-11',
  'TransferSecurityPolicy-Restricted-2018-11',
] as const;

/** Servers created in the AWS console, API or CLI get this one; the form suggests it. */
export const AWS_DEFAULT_POLICY = 'TransferSecurityPolicy-2024-01';

/** "TransferSecurityPolicy-FIPS-2024-01" reads as "FIPS 2024-01" in the select. */
export function policyLabel(name: string): string {
  return name.replace(/^TransferSecurityPolicy-/, '').replace(/-(\d{4}-\d{2})$/, ' $1');
}
