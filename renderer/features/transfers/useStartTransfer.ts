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

export interface TransferRequest {
  direction: 'upload' | 'download';
  sessionId: string;
  sources: Candidate[];
  targetDir: string;
  /** Separator of the target side: '/' for the server, this computer's for downloads. */
  targetSep: Sep;
}

export interface PendingConflict {
  item: ConflictItem;
  targetDir: string;
  remaining: number;
  answer: (answer: ConflictAnswer | null) => void;
}

/** Few items: ask about each name; many: one listing of the target folder is cheaper. */
const STAT_LIMIT = 16;

async function existingNames(req: TransferRequest): Promise<Map<string, FileEntry>> {
  const { sessionId, targetDir } = req;
  const join = (name: string): string => joinPath(targetDir, name, req.targetSep);
  const stat = (name: string): Promise<FileEntry> =>
    req.direction === 'upload'
      ? api.call('sftp:stat', { sessionId, path: join(name) })
      : api.call('local:stat', { path: join(name) });
  const list = (): Promise<FileEntry[]> =>
    req.direction === 'upload'
      ? api.call('sftp:list', { sessionId, path: targetDir })
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

/**
 * Starts uploads and downloads after checking the target folder for names already taken and
 * asking about each clash (with "apply to all"). Answers the error to show, if any.
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
        const conflict = choice as Conflict;
        if (req.direction === 'upload') {
          await api.call('transfers:upload', {
            sessionId: req.sessionId,
            localPaths: paths,
            remoteDir: req.targetDir,
            conflict,
          });
        } else {
          await api.call('transfers:download', {
            sessionId: req.sessionId,
            remotePaths: paths,
            localDir: req.targetDir,
            conflict,
          });
        }
      }
      return null;
    } catch (err) {
      return toAppError(err);
    }
  }, []);

  return { start, pending };
}
