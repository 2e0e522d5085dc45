import type { Logger } from '../../../shared/logger.ts';
import type { EventSink } from './events.ts';
import { parseSftpUrl, type SftpLink } from './urls.ts';

const MAX_PENDING = 10;

/**
 * sftp:// links can arrive before the renderer listens (the app was launched by the link), so
 * they are both pushed as app:openLink and kept until the renderer takes them once.
 */
export class LinkInbox {
  readonly #pending: SftpLink[] = [];
  readonly #emit: EventSink;
  readonly #logger: Logger;

  constructor(emit: EventSink, logger: Logger) {
    this.#emit = emit;
    this.#logger = logger.child('links');
  }

  /** Accepts a raw URL from the OS; a malformed one is logged and dropped. */
  receive(raw: string): void {
    let link: SftpLink;
    try {
      link = parseSftpUrl(raw);
    } catch (err) {
      this.#logger.warn('receive: ignored link', { reason: (err as Error).message });
      return;
    }
    if (this.#pending.length >= MAX_PENDING) this.#pending.shift();
    this.#pending.push(link);
    this.#emit('app:openLink', link);
  }

  take(): SftpLink[] {
    return this.#pending.splice(0, this.#pending.length);
  }
}
