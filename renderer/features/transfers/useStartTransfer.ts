import { useCallback, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import { api } from '../../api/client.ts';
import type { ConflictAnswer } from './ConflictDialog.tsx';
import {
  groupByChoice,
  pairConflicts,
  type Candidate,
  type Choice,
  type ConflictItem,
} from './conflicts.ts';
import type { Conflict } from './useTransfers.ts';

interface RequestBase {
  sources: Candidate[];
  targetDir: string;
}

/** An upload or download, or a copy on this computer (OS files dropped on the local pane). */
export type TransferRequest =
  | (RequestBase & { direction: 'upload' | 'download'; sessionId: string })
  | (RequestBase & { direction: 'copy' });

export interface PendingConflict {
  item: ConflictItem;
  targetDir: string;
  remaining: number;
  answer: (answer: ConflictAnswer | null) => void;
}

/**
 * The sources whose name is taken in the target folder. Main reads both sides when asked, so
 * the question shows the files as they are now, not as the panes last listed them.
 */
async function findClashes(req: TransferRequest): Promise<ConflictItem[]> {
  const sourcePaths = req.sources.map((s) => s.path);
  if (sourcePaths.length === 0) return [];
  const { targetDir } = req;
  const facts =
    req.direction === 'copy'
      ? await api.call('transfers:findConflicts', { direction: 'copy', sourcePaths, targetDir })
      : await api.call('transfers:findConflicts', {
          direction: req.direction,
          sessionId: req.sessionId,
          sourcePaths,
          targetDir,
        });

  return pairConflicts(req.sources, facts);
}

/** Queues one group of sources that share a conflict choice. */
async function queue(req: TransferRequest, paths: string[], conflict: Conflict): Promise<void> {
  const targetDir = req.targetDir;
  if (req.direction === 'copy') {
    await api.call('transfers:copyLocal', { localPaths: paths, targetDir, conflict });
  } else if (req.direction === 'upload') {
    await api.call('transfers:upload', {
      sessionId: req.sessionId,
      localPaths: paths,
      remoteDir: targetDir,
      conflict,
    });
  } else {
    await api.call('transfers:download', {
      sessionId: req.sessionId,
      remotePaths: paths,
      localDir: targetDir,
      conflict,
    });
  }
}

/**
 * Starts uploads, downloads and local copies after checking the target folder for names
 * already taken and asking about each clash (with "apply to all"). Answers the error to show.
 */
export function useStartTransfer() {
  const [pending, setPending] = useState<PendingConflict | null>(null);

  const start = useCallback(async (req: TransferRequest): Promise<AppError | null> => {
    const ask = (item: ConflictItem, remaining: number): Promise<ConflictAnswer | null> =>
      new Promise((resolve) => {
        const answer = (a: ConflictAnswer | null): void => {
          setPending(null);
          resolve(a);
        };
        setPending({ item, targetDir: req.targetDir, remaining, answer });
      });
    try {
      const clashes = await findClashes(req);
      const decisions = new Map<string, Choice>();
      let forAll: Choice | null = null;
      for (const [index, item] of clashes.entries()) {
        let choice: Choice | null = forAll;
        if (choice === null) {
          const answer = await ask(item, clashes.length - index - 1);
          if (answer === null) return null;
          choice = answer.choice;
          if (answer.applyToAll) forAll = choice;
        }
        decisions.set(item.candidate.path, choice);
      }
      for (const [choice, paths] of groupByChoice(req.sources, decisions)) {
        await queue(req, paths, choice as Conflict);
      }
      return null;
    } catch (err) {
      return toAppError(err);
    }
  }, []);

  return { start, pending };
}
