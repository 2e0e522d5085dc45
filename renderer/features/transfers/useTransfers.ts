import { useCallback, useEffect, useRef, useState } from 'react';
import type { RequestInput } from '../../../shared/ipc/contract.ts';
import { api } from '../../api/client.ts';
import { reportError } from '../../api/report.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import {
  batchOutcome,
  isActive,
  isFinished,
  orderJobs,
  withProgress,
  type TransferJob,
} from './jobs.ts';
import { notifyBatch } from './notify.ts';

export type Conflict = NonNullable<RequestInput<'transfers:retry'>['conflict']>;

export interface TransfersState {
  jobs: TransferJob[];
  cancel(jobId: string): Promise<void>;
  pause(jobId: string): Promise<void>;
  resume(jobId: string): Promise<void>;
  pauseAll(): Promise<void>;
  resumeAll(): Promise<void>;
  cancelAll(): Promise<void>;
  retry(jobId: string, conflict?: Conflict): Promise<void>;
  clearFinished(): Promise<void>;
  /**
   * Calls back once per job that reaches "done" or "failed" (the panes refresh their folder:
   * a failed job may have written files too, such as a download kept encrypted).
   */
  onJobEnded(listener: (job: TransferJob) => void): () => void;
}

/** The ends after which a job's target folder may hold something new. */
const wroteFiles = (state: TransferJob['state']): boolean => state === 'done' || state === 'failed';

/** Progress ticks are merged and drawn at most this often. */
const PUBLISH_MS = 100;

/**
 * The transfer queue as main reports it. Events update a map; the list re-renders at most
 * ten times a second however many progress ticks arrive. A timer rather than an animation
 * frame, because frames stop while the window is hidden and the queue must still settle.
 */
export function useTransfers(): TransfersState {
  const i18n = useI18n();
  const store = useRef(new Map<string, TransferJob>());
  const batch = useRef(new Set<string>());
  const endListeners = useRef(new Set<(job: TransferJob) => void>());
  const i18nRef = useRef(i18n);
  const frame = useRef<number | null>(null);
  const [jobs, setJobs] = useState<TransferJob[]>([]);

  useEffect(() => {
    i18nRef.current = i18n;
  }, [i18n]);

  const publish = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = window.setTimeout(() => {
      frame.current = null;
      setJobs(orderJobs(store.current.values()));
    }, PUBLISH_MS);
  }, []);

  // A batch is over when each of its jobs finished; paused or waiting ones keep it open.
  const settleBatch = useCallback(() => {
    const jobsNow = store.current;
    const open = [...batch.current].some((id) => {
      const job = jobsNow.get(id);
      return job !== undefined && !isFinished(job.state);
    });
    if (open || batch.current.size === 0) return;
    notifyBatch(batchOutcome(jobsNow, batch.current), i18nRef.current);
    batch.current = new Set();
  }, []);

  useEffect(() => {
    const offState = api.on('transfers:stateChanged', ({ job }) => {
      const before = store.current.get(job.id);
      store.current.set(job.id, job);
      if (isActive(job.state)) batch.current.add(job.id);
      if (wroteFiles(job.state) && before?.state !== job.state) {
        endListeners.current.forEach((listener) => listener(job));
      }
      publish();
      settleBatch();
    });
    const offProgress = api.on('transfers:progress', ({ jobId, progress }) => {
      const job = store.current.get(jobId);
      if (job === undefined) return;
      store.current.set(jobId, withProgress(job, progress));
      publish();
    });
    api
      .call('transfers:list')
      .then((list) => {
        for (const job of list) if (!store.current.has(job.id)) store.current.set(job.id, job);
        publish();
      })
      .catch((err: unknown) => reportError('transfers:list', err));

    return () => {
      offState();
      offProgress();
      if (frame.current !== null) window.clearTimeout(frame.current);
      frame.current = null;
    };
  }, [publish, settleBatch]);

  const cancel = useCallback(async (jobId: string) => {
    await api.call('transfers:cancel', { jobId }).catch((e: unknown) => reportError('cancel', e));
  }, []);

  const pause = useCallback(async (jobId: string) => {
    await api.call('transfers:pause', { jobId }).catch((e: unknown) => reportError('pause', e));
  }, []);

  const resume = useCallback(async (jobId: string) => {
    await api.call('transfers:resume', { jobId }).catch((e: unknown) => reportError('resume', e));
  }, []);

  const pauseAll = useCallback(async () => {
    await api.call('transfers:pauseAll').catch((e: unknown) => reportError('pauseAll', e));
  }, []);

  const resumeAll = useCallback(async () => {
    await api.call('transfers:resumeAll').catch((e: unknown) => reportError('resumeAll', e));
  }, []);

  const cancelAll = useCallback(async () => {
    await api.call('transfers:cancelAll').catch((e: unknown) => reportError('cancelAll', e));
  }, []);

  const retry = useCallback(async (jobId: string, conflict?: Conflict) => {
    const input = conflict === undefined ? { jobId } : { jobId, conflict };
    await api.call('transfers:retry', input).catch((e: unknown) => reportError('retry', e));
  }, []);

  const clearFinished = useCallback(async () => {
    try {
      await api.call('transfers:clearFinished');
      for (const [id, job] of store.current) if (isFinished(job.state)) store.current.delete(id);
      publish();
    } catch (err) {
      reportError('transfers:clearFinished', err);
    }
  }, [publish]);

  const onJobEnded = useCallback((listener: (job: TransferJob) => void) => {
    endListeners.current.add(listener);
    return () => {
      endListeners.current.delete(listener);
    };
  }, []);

  return {
    jobs,
    cancel,
    pause,
    resume,
    pauseAll,
    resumeAll,
    cancelAll,
    retry,
    clearFinished,
    onJobEnded,
  };
}
