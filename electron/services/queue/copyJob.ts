import type { Logger } from '../../../shared/logger.ts';
import type { TransferProgress, TransferResult } from '../../../shared/types/transfer.ts';
import { runCopy, type CopyStep } from '../local/copyLocal.ts';
import { planCopy, type CopyItem } from '../local/copyPlan.ts';
import { settledWarnings } from './runJob.ts';
import type { JobItem, JobRecord } from './types.ts';

/** What a copy job needs from its queue: no server, no channels, no bandwidth limit. */
export interface CopyJobContext {
  signal: AbortSignal;
  logger: Logger;
  onProgress: (progress: TransferProgress) => void;
  /** The record changed in a way worth saving. */
  onChange: () => void;
}

/**
 * Runs a copy on this computer (files dropped on the local pane). Planned once, like a
 * transfer, so a copy stopped by a pause or a quit continues with the files not yet copied,
 * and a retry repeats only the failed ones. A file half-written when the job stopped is
 * written again from its start: local copies are quick, and its temporary copy is removed.
 */
export async function runCopyJob(job: JobRecord, ctx: CopyJobContext): Promise<TransferResult> {
  if (!job.items) {
    const items: JobItem[] = [];
    const warnings = [];
    for (const source of job.spec.sources) {
      const plan = await planCopy(source, job.spec.target);
      items.push(...plan.items.map(itemOf));
      warnings.push(...plan.warnings);
    }
    job.items = items;
    job.warnings = warnings;
    ctx.onChange();
  }
  const items = job.items;
  const result = await runCopy(items.map(stepOf), {
    conflict: job.spec.conflict ?? 'overwrite',
    signal: ctx.signal,
    onProgress: ctx.onProgress,
    logger: ctx.logger,
    onStep: (step, index) => {
      const item = items[index];
      if (item) record(item, step);
      ctx.onChange();
    },
  });
  result.warnings = settledWarnings(items, [...job.warnings, ...result.warnings]);
  return result;
}

/** A copy step as the queue stores it: `local` the source, `remote` where it goes. */
function itemOf(step: CopyItem): JobItem {
  const { kind, from, to, size, mtimeMs, mode, label } = step;
  return { kind, local: from, remote: to, size, mtimeMs, mode, label };
}

function stepOf(item: JobItem): CopyStep {
  const { kind, local, remote, size, mtimeMs, mode, label, state, error } = item;
  return {
    kind,
    from: local,
    to: remote,
    size,
    mtimeMs,
    mode: mode ?? 0,
    label,
    ...(state === undefined || state === 'pending' ? {} : { state }),
    ...(error === undefined ? {} : { error }),
  };
}

function record(item: JobItem, step: CopyStep): void {
  item.remote = step.to;
  if (step.state !== undefined) item.state = step.state;
  if (step.error === undefined) delete item.error;
  else item.error = step.error;
}
