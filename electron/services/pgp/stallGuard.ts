/** How often the guard looks, and how many idle looks in a row make a stall (4 s). */
const TICK_MS = 250;
const STALL_TICKS = 16;

/**
 * Ends a decryption that openpgp.js has silently given up on.
 *
 * Why: with allowUnauthenticatedStream, openpgp.js 6.3 delays packet-parsing errors until the
 * input has been read to the end (so that an integrity-check failure wins). When the garbage
 * from a wrong session key (a wrong passphrase: nothing checks it before decryption) starts
 * with the header of a streaming packet it refuses, such as tag 9, it records the error but
 * keeps feeding that packet's body into a stream nobody reads; its own backpressure then
 * blocks it for good, so neither the integrity check nor the error is ever reached and
 * `decrypt()` never settles. A damaged or tampered file can do the same.
 *
 * The guard watches both ends: openpgp.js asking for input, and output coming out. While we
 * wait on openpgp.js (its `decrypt()` promise or a read of its plaintext) and it neither
 * waits on the input nor produces anything, it is stuck: nothing else it does takes seconds
 * without one or the other (the passphrase's key derivation runs before the guard starts).
 * Idle time is counted in ticks of this thread's timer, so a thread starved of CPU or a
 * long garbage collection is not mistaken for a stall. Waits on a slow input (a slow
 * download) never count.
 */
export interface StallGuard {
  /** The input to hand to openpgp.js instead of the original. */
  input: ReadableStream<Uint8Array>;
  /** Settles like `step`, or fails with the stall error once openpgp.js is stuck. */
  watch<T>(step: Promise<T>): Promise<T>;
  /** openpgp.js's plaintext, failing with the stall error once it is stuck. */
  output(data: ReadableStream<Uint8Array>): ReadableStream<Uint8Array>;
  stop(): void;
}

export function createStallGuard(
  source: ReadableStream<Uint8Array>,
  stallError: () => Error,
): StallGuard {
  const sourceReader = source.getReader();
  let activity = 0;
  let inputBusy = false;
  let waiting = 0;
  let seen = -1;
  let idleTicks = 0;
  let stalled: Error | undefined;
  const onStall = new Set<(err: Error) => void>();

  const timer = setInterval(() => {
    const idle = waiting > 0 && !inputBusy && activity === seen;
    seen = activity;
    idleTicks = idle ? idleTicks + 1 : 0;
    if (idleTicks < STALL_TICKS || stalled !== undefined) return;
    stalled = stallError();
    for (const fail of onStall) fail(stalled);
    // openpgp.js will never read again; let the source (a download, a file) go.
    sourceReader.cancel(stalled).catch(() => undefined);
  }, TICK_MS);
  // Not unref'd: a stuck openpgp.js leaves nothing else to keep the process alive until the
  // guard has ended the wait.

  /** Runs `step` as a wait on openpgp.js, ended by a stall. */
  const waitOn = <T>(step: Promise<T>): Promise<T> => {
    if (stalled !== undefined) return Promise.reject(stalled);
    waiting += 1;
    let fail: (err: Error) => void = () => undefined;
    const stall = new Promise<never>((_resolve, reject) => {
      fail = reject;
      onStall.add(fail);
    });
    return Promise.race([step, stall]).finally(() => {
      waiting -= 1;
      onStall.delete(fail);
    });
  };

  const input = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        inputBusy = true;
        try {
          const { done, value } = await sourceReader.read();
          activity += 1;
          if (done) controller.close();
          else controller.enqueue(value);
        } finally {
          inputBusy = false;
        }
      },
      cancel: (reason) => sourceReader.cancel(reason),
    },
    // No read-ahead: a pull under way means openpgp.js is waiting for input.
    { highWaterMark: 0 },
  );

  const output = (data: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> => {
    const reader = data.getReader();
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await waitOn(reader.read());
          activity += 1;
          if (done) controller.close();
          else controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
  };

  return {
    input,
    watch: waitOn,
    output,
    stop: () => clearInterval(timer),
  };
}
