import { AppError } from '../../../shared/errors.ts';
import { decryptedPath, isEncryptedName } from '../pgp/outputNames.ts';
import type { PlanItem } from '../transfer/plan.ts';

/**
 * Refuses a download plan in which two server files would end as one local file: the later
 * would silently replace the earlier (`report.csv` and `report.csv.gpg` both become
 * `report.csv` once decrypted). Checked before anything moves, naming both files.
 */
export function refuseLocalCollisions(items: PlanItem[], decrypts: boolean): void {
  const landed = (item: PlanItem) =>
    decrypts && isEncryptedName(item.local) ? decryptedPath(item.local) : item.local;
  refuseCollisions(items, landed, (item) => item.remote, {
    saved: 'saved as',
    instead: 'download them separately, into different folders',
  });
}

/**
 * Refuses an upload plan in which two local files would end as one server file (`put
 * jan/report.csv feb/report.csv inbox/`): the two would share the upload's temporary name
 * and mix, or the later would replace the earlier. `remoteName` gives an item's final name,
 * `.pgp` included when the job encrypts.
 */
export function refuseRemoteCollisions(
  items: PlanItem[],
  remoteName: (item: PlanItem) => string,
): void {
  refuseCollisions(items, remoteName, (item) => item.local, {
    saved: 'uploaded as',
    instead: 'upload them separately, into different folders',
  });
}

interface Wording {
  saved: string;
  instead: string;
}

/** Two folders of one name merge, as with sftp; a file meeting anything of its name is refused. */
function refuseCollisions(
  items: PlanItem[],
  landedOf: (item: PlanItem) => string,
  sourceOf: (item: PlanItem) => string,
  wording: Wording,
): void {
  const seen = new Map<string, PlanItem>();
  for (const item of items) {
    const landed = landedOf(item);
    const other = seen.get(landed);
    if (other && (other.kind === 'file' || item.kind === 'file')) {
      throw new AppError('INVALID_ARGUMENT', 'two files end as one', {
        reason:
          `${sourceOf(other)} and ${sourceOf(item)} would both be ${wording.saved} ${landed};` +
          ` ${wording.instead}`,
        path: landed,
      });
    }
    seen.set(landed, item);
  }
}
