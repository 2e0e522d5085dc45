import { describe, expect, it } from 'vitest';
import { AWS_POLICIES } from '../../electron/services/ssh/awsPolicies.ts';
import { DEFAULT_POLICY } from '../../electron/services/ssh/policies.ts';
import { POLICY_NAMES, policyLabel } from '../../renderer/features/connections/policies.ts';

describe('renderer policy list', () => {
  it('offers exactly the policies the SSH service knows, in the same order', () => {
    expect(POLICY_NAMES).toEqual([DEFAULT_POLICY, ...AWS_POLICIES.map((p) => p.name)]);
  });

  it('shortens names for the select', () => {
    expect(policyLabel('TransferSecurityPolicy-FIPS-2024-01')).toBe('FIPS 2024-01');
    expect(policyLabel('TransferSecurityPolicy-2018-11')).toBe('2018-11');
    expect(policyLabel('default')).toBe('default');
  });
});
