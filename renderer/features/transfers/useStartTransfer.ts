import { useCallback, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { api } from '../../api/client.ts';
import { joinPath, type Sep } from '../../lib/paths.ts';
import type { ConflictAnswer } from './ConflictDialog.tsx';
import {
  findConflicts,
  groupByChoice,
  type Candidate,
  type Choice,
  type ConflictItem,
} from './conflicts.ts';
import type { Conflict } from './useTransfers.ts';

interface RequestBase {
  sources: Candidate[];
  targetDir: string;
  /** Separator of the target side: '/' for the server, this computer's otherwise. */
  targetSep: Sep;
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

/** Few items: ask about each name; many: one listing of the target folder is cheaper. */
const STAT_LIMIT = 16;

async function existingNames(req: TransferRequest): Promise<Map<string, FileEntry>> {
  const { targetDir } = req;
  const join = (name: string): string => joinPath(targetDir, name, req.targetSep);
  const stat = (name: string): Promise<FileEntry> =>
    req.direction === 'upload'
      ? api.call('sftp:stat', { sessionId: req.sessionId, path: join(name) })
      : api.call('local:stat', { path: join(name) });
  const list = (): Promise<FileEntry[]> =>
    req.direction === 'upload'
      ? api.call('sftp:list', { sessionId: req.sessionId, path: targetDir })
      : api.call('local:list', { path: targetDir });

  // A folder we may write to but not read (AWS "drop box" users) answers PERMISSION_DENIED
  // here; then nothing is known to clash and the service's own 'skip' rule keeps files safe.
  if (req.sources.length > STAT_LIMIT) {
    const entries = await list().catch(() => []);
    return new Map(entries.map((e) => [e.name, e]));
  }
  const found = await Promise.all(req.sources.map((s) => stat(s.name).catch(() => null)));

  return new Map(found.filter((e): e is FileEntry => e !== null).map((e) => [e.name, e]));
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
      const clashes = findConflicts(req.sources, await existingNames(req));
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
