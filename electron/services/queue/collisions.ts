import { AppError } from '../../../shared/errors.ts';
import { decryptedPath, isEncryptedName } from '../pgp/outputNames.ts';
import type { PlanItem } from '../transfer/plan.ts';

/**
 * Refuses a download plan in which two server files would end as one local file: the later
 * would silently replace the earlier (`report.csv` and `report.csv.gpg` both become
 * `report.csv` once decrypted). Checked before anything moves, naming both files.
 */
export function refuseLocalCollisions(items: PlanItem[], decrypts: boolean): void {
  const seen = new Map<string, PlanItem>();
  for (const item of items) {
    if (item.kind !== 'file') continue;
    const landed = decrypts && isEncryptedName(item.local) ? decryptedPath(item.local) : item.local;
    const other = seen.get(landed);
    if (other) {
      throw new AppError('INVALID_ARGUMENT', 'two files end as one', {
        reason:
          `${other.remote} and ${item.remote} would both be saved as ${landed};` +
          ' download them separately, into different folders',
        path: landed,
      });
    }
    seen.set(landed, item);
  }
}
