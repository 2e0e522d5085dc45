/** "TransferSecurityPolicy-FIPS-2024-01" reads as "FIPS 2024-01" in the select. */
export function policyLabel(name: string): string {
  return name.replace(/^TransferSecurityPolicy-/, '').replace(/-(\d{4}-\d{2})$/, ' $1');
}
