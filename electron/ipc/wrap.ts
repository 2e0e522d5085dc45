import { toAppError, type Result, type SerializedAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { RequestChannel } from '../../shared/ipc/channels.ts';
import { REQUESTS } from '../../shared/ipc/contract.ts';
import type { z } from 'zod';
import { isTrustedSender } from './senderCheck.ts';
import type { CallContext, Handler, Implementation } from './types.ts';

function invalid(channel: string, message: string, issues?: string[]): Result<never> {
  const error: SerializedAppError = {
    code: 'IPC_INVALID_REQUEST',
    message: `${channel}: ${message}`,
    details: issues ? { channel, issues } : { channel },
  };
  return { ok: false, error };
}

/** Issue locations and kinds only: never the values, which may be passphrases. */
function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(input)'}: ${i.code}`);
}

/**
 * The one wrapper every channel goes through: (1) sender is the app's top frame, (2) input
 * matches the contract, (3) the service runs, (4) the output matches the contract (unknown
 * fields are stripped, so nothing extra can leak to the page), (5) throws become envelopes.
 */
export function wrapHandler<C extends RequestChannel>(
  channel: C,
  implementation: Implementation<C>,
  appUrl: string,
  logger: Logger,
): Handler {
  const spec = REQUESTS[channel];
  return async (args: unknown, ctx: CallContext) => {
    if (!isTrustedSender(ctx.sender, appUrl)) {
      logger.warn('ipc: refused sender', { channel, isTopFrame: ctx.sender.isTopFrame });
      return invalid(channel, 'sender is not the app window');
    }
    const input = spec.input.safeParse(args);
    if (!input.success) {
      logger.error('ipc: invalid request', { channel, issues: describeIssues(input.error) });
      return invalid(channel, 'arguments do not match the contract', describeIssues(input.error));
    }
    try {
      const value = await implementation(input.data as never, ctx);
      const output = spec.output.safeParse(value);
      if (output.success) return { ok: true, value: output.data };
      logger.error('ipc: invalid response', { channel, issues: describeIssues(output.error) });
      return { ok: false, error: { code: 'INTERNAL', message: `${channel}: invalid response` } };
    } catch (err) {
      const error = toAppError(err);
      if (error.code === 'INTERNAL') {
        const original = error.cause instanceof Error ? error.cause : error;
        logger.error('ipc: handler failed', {
          channel,
          reason: error.message,
          stack: original.stack,
        });
      } else {
        logger.warn('ipc: handler refused', { channel, code: error.code });
      }
      return { ok: false, error: error.toJSON() };
    }
  };
}
