import type { EventChannel } from '../../../shared/ipc/channels.ts';
import type { EventPayload } from '../../../shared/ipc/contract.ts';

/** Pushes one main-to-renderer event. Main sends it to the window; the e2e harness to the page. */
export type EventSink = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => void;
