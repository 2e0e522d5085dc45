import type { Connection } from 'ssh2';

/**
 * Makes ssh2's Server skip the `server-sig-algs` extension for one connection.
 *
 * What we found in ssh2 1.17 (lib/protocol/Protocol.js, kex.js): the server sends EXT_INFO
 * with `server-sig-algs` whenever the client's KEXINIT offers `ext-info-c`, and ssh2's own
 * Client always offers it. There is no option to turn this off, and the KEXINIT cannot be
 * edited on the wire because it is part of the exchange hash. The check reads
 * `protocol._kex.remoteExtInfoEnabled` when the first key exchange completes, so pinning
 * that field to false on each key-exchange object is the smallest change that works. It
 * reaches into ssh2 internals, which is acceptable only because this is a test server;
 * tests/integration/quirksHarness.test.ts fails loudly if a future ssh2 ignores it.
 *
 * Also found: the list ssh2's Server advertises lacks a comma
 * ('...ecdsa-sha2-nistp521rsa-sha2-512,...'), so a client parsing it never sees
 * rsa-sha2-512 advertised, only rsa-sha2-256 and ssh-rsa.
 *
 * Must run from the Server's 'connection' event: that fires when the client's
 * identification arrives, before its KEXINIT is parsed.
 */
export function suppressServerSigAlgs(client: Connection): void {
  const protocol = (client as unknown as { _protocol?: object })._protocol;
  if (!protocol) throw new Error('ssh2 internals changed: connection has no _protocol');
  let kex: unknown;
  Object.defineProperty(protocol, '_kex', {
    configurable: true,
    enumerable: true,
    get: () => kex,
    set: (value: unknown) => {
      if (typeof value === 'object' && value !== null) {
        Object.defineProperty(value, 'remoteExtInfoEnabled', {
          configurable: true,
          get: () => false,
          set: () => undefined,
        });
      }
      kex = value;
    },
  });
}
