import type { FileEntry } from '../../../shared/types/remote.ts';
import { api } from '../../api/client.ts';
import type { Sep } from '../../lib/paths.ts';

export type PaneKind = 'local' | 'remote';

/** What a pane needs from its side; the two implementations differ only in the channels. */
export interface PaneSource {
  kind: PaneKind;
  sep: Sep;
  /** Stable while the same computer or session is shown; panes reset when it changes. */
  id: string;
  list(path: string): Promise<FileEntry[]>;
  mkdir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(entry: FileEntry): Promise<void>;
}

const kindOf = (entry: FileEntry): 'file' | 'directory' =>
  entry.type === 'directory' ? 'directory' : 'file';

export function localSource(sep: Sep): PaneSource {
  return {
    kind: 'local',
    sep,
    id: 'local',
    list: (path) => api.call('local:list', { path }),
    mkdir: async (path) => {
      await api.call('local:mkdir', { path });
    },
    rename: async (from, to) => {
      await api.call('local:rename', { from, to });
    },
    remove: async (entry) => {
      await api.call('local:delete', { path: entry.path, kind: kindOf(entry) });
    },
  };
}

export function remoteSource(sessionId: string): PaneSource {
  return {
    kind: 'remote',
    sep: '/',
    id: sessionId,
    list: (path) => api.call('sftp:list', { sessionId, path }),
    mkdir: async (path) => {
      await api.call('sftp:mkdir', { sessionId, path });
    },
    rename: async (from, to) => {
      await api.call('sftp:rename', { sessionId, from, to });
    },
    remove: async (entry) => {
      // A link to a folder is removed as a link, never by walking into its target.
      const kind = entry.type === 'symlink' ? 'file' : kindOf(entry);
      await api.call('sftp:delete', { sessionId, path: entry.path, kind });
    },
  };
}
