import { useEffect, useRef } from 'react';
import type { EventPayload } from '../../../shared/ipc/contract.ts';
import type { Profile } from '../../../shared/types/profile.ts';
import { api } from '../../api/client.ts';
import { reportError } from '../../api/report.ts';

export type SftpLink = EventPayload<'app:openLink'>;

/** The saved profile a link points at: same host and port, and same user when it names one. */
export function profileForLink(profiles: readonly Profile[], link: SftpLink): Profile | undefined {
  const host = link.host.toLowerCase();
  return profiles.find(
    (p) =>
      p.host.toLowerCase() === host &&
      p.port === link.port &&
      (link.user === undefined || p.user === link.user),
  );
}

/**
 * sftp:// links opened with the app (from an e-mail or a browser). Main keeps each link until
 * the page takes it, and announces new ones with an event; the event only prompts a take, so
 * every link is handled exactly once, also across a reload. Links wait until the saved
 * profiles are known, so each can be matched to one.
 */
export function useSftpLinks(ready: boolean, onLink: (link: SftpLink) => void): void {
  const handler = useRef(onLink);
  useEffect(() => {
    handler.current = onLink;
  }, [onLink]);

  useEffect(() => {
    if (!ready) return undefined;
    let live = true;
    const take = (): void => {
      api
        .call('app:takeLinks')
        .then((links) => live && links.forEach((link) => handler.current(link)))
        .catch((err: unknown) => reportError('app:takeLinks', err));
    };
    take();
    const off = api.on('app:openLink', take);
    return () => {
      live = false;
      off();
    };
  }, [ready]);
}
