import type { FileEntry } from '../../../shared/types/remote.ts';
import { api } from '../../api/client.ts';
import type { Sep } from '../../lib/paths.ts';
import { streamListing, type ListingStream, type ListingTransport } from './listingStream.ts';

export type PaneKind = 'local' | 'remote';

/** What a pane needs from its side; the two implementations differ only in the channels. */
export interface PaneSource {
  kind: PaneKind;
  sep: Sep;
  /** Stable while the same computer or session is shown; panes reset when it changes. */
  id: string;
  /** Lists a folder as a cancellable job whose entries arrive in batches. */
  list(path: string, onBatch: (entries: FileEntry[]) => void): ListingStream;
  mkdir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(entry: FileEntry): Promise<void>;
}

/** A listing job over the preload API; `start` is the side's listStart request. */
function listVia(
  start: () => Promise<{ listingId: string }>,
  onBatch: (entries: FileEntry[]) => void,
): ListingStream {
  const transport: ListingTransport = {
    start,
    cancel: (listingId) => api.call('listing:cancel', { listingId }),
    subscribe: (listener) => api.on('listing:batch', listener),
  };
  return streamListing(transport, onBatch);
}

const kindOf = (entry: FileEntry): 'file' | 'directory' =>
  entry.type === 'directory' ? 'directory' : 'file';

export function localSource(sep: Sep): PaneSource {
  return {
    kind: 'local',
    sep,
    id: 'local',
    list: (path, onBatch) => listVia(() => api.call('local:listStart', { path }), onBatch),
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
    list: (path, onBatch) =>
      listVia(() => api.call('sftp:listStart', { sessionId, path }), onBatch),
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
