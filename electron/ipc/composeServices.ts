import { join } from 'node:path';
import type { Logger } from '../../shared/logger.ts';
import { AppService } from '../services/app/AppService.ts';
import type { DragDownload } from '../services/app/dragOut.ts';
import type { EventSink } from '../services/app/events.ts';
import { LinkInbox } from '../services/app/LinkInbox.ts';
import { ListingJobs } from '../services/app/ListingJobs.ts';
import { KeyringPgpKeys } from '../services/app/pgpKeys.ts';
import { PgpPassphrases } from '../services/app/PgpPassphrases.ts';
import { PgpService } from '../services/pgp/PgpService.ts';
import { serviceQueuePgp } from '../services/queue/pgpSteps.ts';
import { ProfileImporter } from '../services/importers/ProfileImporter.ts';
import { LocalFs } from '../services/local/LocalFs.ts';
import { PgpKeyring } from '../services/pgp/keyring.ts';
import { PgpWorkerPool } from '../services/pgp/workerPool.ts';
import { ProfileService } from '../services/profiles/ProfileService.ts';
import { pgpSecretBox } from '../services/profiles/secretBox.ts';
import { SettingsService } from '../services/profiles/SettingsService.ts';
import type { KeyValueStore, SecretBox } from '../services/profiles/stores.ts';
import type { ConnectOptions, SshConnection } from '../services/ssh/connect.ts';
import { loadPrivateKey, readPrivateKeyFile } from '../services/ssh/keys.ts';
import { defaultKnownHostsPath, KnownHostsFile } from '../services/ssh/knownHosts.ts';
import type { DialogService, ExternalOpener, HandlerServices } from './services.ts';

export interface ComposeOptions {
  /** The app's own data folder: known_hosts, the OpenPGP keyring and the transfer list. */
  dataDir: string;
  /** Where drag-out copies are written. */
  tempDir: string;
  home: string;
  localUser: string;
  platform: NodeJS.Platform;
  appData?: string;
  store: KeyValueStore;
  secrets: SecretBox;
  dialogs: DialogService;
  shell: ExternalOpener;
  emit: EventSink;
  logger: Logger;
  info: { version: string; platform: string };
  /** Tests swap these; the app uses the real connection and the real drag-out download. */
  connect?: (options: ConnectOptions) => Promise<SshConnection>;
  dragDownload?: DragDownload;
}

export interface ComposedServices {
  services: HandlerServices;
  dispose(): Promise<void>;
}

/**
 * Builds every service the handlers call, the same way in the app (main.ts) and in the e2e
 * harness, so what the tests drive is what users run.
 */
export function composeServices(o: ComposeOptions): ComposedServices {
  const profiles = new ProfileService({
    store: o.store,
    secrets: o.secrets,
    keys: { loadPrivateKey },
    logger: o.logger,
  });
  const pool = new PgpWorkerPool({ logger: o.logger });
  const keyring = new PgpKeyring({
    dir: join(o.dataDir, 'pgp'),
    secretBox: pgpSecretBox(o.secrets),
    pool,
    logger: o.logger,
  });
  const settings = new SettingsService(o.store, o.logger);
  const pgp = new PgpService({ keyring, pool, logger: o.logger });
  const passphrases = new PgpPassphrases({
    emit: o.emit,
    store: o.store,
    secrets: o.secrets,
    check: (fingerprint, passphrase) => pgp.checkKeyPassphrase(fingerprint, passphrase),
    describe: async (fingerprint) =>
      (await keyring.list()).find((k) => k.fingerprint === fingerprint)?.userIds[0],
    logger: o.logger,
  });
  const app = new AppService({
    profiles,
    knownHosts: new KnownHostsFile(defaultKnownHostsPath(o.dataDir)),
    readKeyFile: readPrivateKeyFile,
    emit: o.emit,
    logger: o.logger,
    tempDir: o.tempDir,
    dataDir: o.dataDir,
    platform: o.platform,
    ...(o.connect ? { connect: o.connect } : {}),
    ...(o.dragDownload ? { dragDownload: o.dragDownload } : {}),
    // Recipients are keyring fingerprints, fixed when the job is queued; a protected secret
    // key's passphrase is asked of the user when a download needs it.
    pgp: serviceQueuePgp(pgp, { recipient: (fingerprint) => ({ fingerprint }), passphrases }),
    bandwidthLimit: settings.get().bandwidthLimit,
    simultaneousTransfers: settings.get().simultaneousTransfers,
  });
  const listings = new ListingJobs(o.emit, o.logger);
  const services: HandlerServices = {
    app,
    profiles,
    settings,
    importer: new ProfileImporter({
      home: o.home,
      localUser: o.localUser,
      platform: o.platform,
      ...(o.appData ? { appData: o.appData } : {}),
    }),
    local: new LocalFs({ home: o.home, platform: o.platform }),
    listings,
    pgp: new KeyringPgpKeys(keyring),
    passphrases,
    dialogs: o.dialogs,
    shell: o.shell,
    links: new LinkInbox(o.emit, o.logger),
    info: o.info,
    logger: o.logger,
  };
  return {
    services,
    async dispose() {
      listings.cancelAll();
      // Jobs first: one waiting for a passphrase stops as a quit stops it (it continues on
      // the next start), where refusing its prompt first would fail it.
      await app.dispose();
      passphrases.rejectAll();
      await pool.close();
    },
  };
}
