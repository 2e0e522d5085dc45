import type { Result } from '../../shared/errors.ts';
import type { RequestChannel } from '../../shared/ipc/channels.ts';
import type { RequestArgs, RequestOutput } from '../../shared/ipc/contract.ts';
import type { SenderInfo } from './senderCheck.ts';

/** What a handler knows about the call besides its arguments. */
export interface CallContext {
  sender: SenderInfo;
  /**
   * Starts an OS drag of complete local files and folders from the sender's window; absent
   * where impossible.
   */
  startDrag?: (localPaths: string[]) => void;
}

/** A wrapped handler: checks, validates, runs, and always answers an envelope. */
export type Handler = (args: unknown, ctx: CallContext) => Promise<Result<unknown>>;
export type Handlers = Record<RequestChannel, Handler>;

/** The service call behind one channel, with parsed arguments. */
export type Implementation<C extends RequestChannel> = (
  args: RequestArgs<C>,
  ctx: CallContext,
) => Promise<RequestOutput<C>> | RequestOutput<C>;

export type Implementations<C extends RequestChannel = RequestChannel> = {
  [K in C]: Implementation<K>;
};
