import type { Logger } from '../../shared/logger.ts';
import type { EventChannel } from '../../shared/ipc/channels.ts';
import { EVENTS } from '../../shared/ipc/contract.ts';
import type { EventSink } from '../services/app/events.ts';

/**
 * An EventSink that checks each payload against the contract before it leaves main (unknown
 * fields stripped), then hands it to `send`: webContents.send in the app, the page in tests.
 */
export function createEventSink(
  send: (channel: EventChannel, payload: unknown) => void,
  logger: Logger,
): EventSink {
  const log = logger.child('ipc');
  return (channel, payload) => {
    const parsed = EVENTS[channel].safeParse(payload);
    if (!parsed.success) {
      log.error('emit: payload does not match the contract', { channel });
      return;
    }
    send(channel, parsed.data);
  };
}
