import { describe, expect, it } from 'vitest';
import { policyLabel } from '../../renderer/features/connections/policies.ts';

describe('policy names in the profile form', () => {
  it('drop the common prefix and keep the date apart', () => {
    expect(policyLabel('TransferSecurityPolicy-FIPS-2024-01')).toBe('FIPS 2024-01');
    expect(policyLabel('TransferSecurityPolicy-2018-11')).toBe('2018-11');
    expect(policyLabel('TransferSecurityPolicy-SshAuditCompliant-2025-02')).toBe(
      'SshAuditCompliant 2025-02',
    );
    expect(policyLabel('default')).toBe('default');
  });
});
