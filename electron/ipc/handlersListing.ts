import type { HandlerServices } from './services.ts';
import type { Implementations } from './types.ts';

type ListingChannels = 'sftp:listStart' | 'local:listStart' | 'listing:cancel';

/** Folder listings as long jobs, on the server or this computer; entries follow as events. */
export function listingHandlers(s: HandlerServices): Implementations<ListingChannels> {
  return {
    'sftp:listStart': ({ sessionId, path }) => {
      // Looked up now, so a session that is gone fails the request rather than the listing.
      const browse = s.app.sessions.get(sessionId).browse;
      return { listingId: s.listings.start((options) => browse.list(path, options)) };
    },
    'local:listStart': ({ path }) => ({
      listingId: s.listings.start((options) => s.local.list(path, options)),
    }),
    'listing:cancel': ({ listingId }) => {
      s.listings.cancel(listingId);
      return null;
    },
  };
}
