import type { Logger } from '../../shared/logger.ts';
import type { AppService } from '../services/app/AppService.ts';
import type { LinkInbox } from '../services/app/LinkInbox.ts';
import type { ListingJobs } from '../services/app/ListingJobs.ts';
import type { PgpKeyService } from '../services/app/pgpKeys.ts';
import type { PgpPassphrases } from '../services/app/PgpPassphrases.ts';
import type { ProfileImporter } from '../services/importers/ProfileImporter.ts';
import type { LocalFs } from '../services/local/LocalFs.ts';
import type { ProfileService } from '../services/profiles/ProfileService.ts';
import type { SettingsService } from '../services/profiles/SettingsService.ts';
import type { ForgetHostKeyQuestion } from '../../shared/i18n/hostKeyDialog.ts';

export type { ForgetHostKeyQuestion };

export interface OpenFileOptions {
  purpose: 'sshKey' | 'pgpKey' | 'importSource' | 'upload';
  multiple: boolean;
}

export interface OpenFolderOptions {
  purpose: 'localFolder' | 'upload' | 'downloadTarget';
}

/**
 * Native file pickers and confirmations: Electron's dialog in the app, a scripted queue in
 * tests. A confirmation asked here comes from main, so a page cannot answer it by itself.
 */
export interface DialogService {
  openFile(options: OpenFileOptions): Promise<string[]>;
  openFolder(options: OpenFolderOptions): Promise<string[]>;
  /** True only when the user chose to forget the saved server identity. */
  confirmForgetHostKey(question: ForgetHostKeyQuestion): Promise<boolean>;
}

/** Opens an already allow-listed https URL in the OS browser. */
export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/** Everything the IPC handlers call. None of it imports Electron. */
export interface HandlerServices {
  app: AppService;
  profiles: ProfileService;
  settings: SettingsService;
  importer: ProfileImporter;
  local: LocalFs;
  /** Folder listings in progress, remote and local (listing:cancel finds them by id). */
  listings: ListingJobs;
  pgp: PgpKeyService;
  /** Passphrases of protected OpenPGP secret keys: prompts, this run's memory, remembered. */
  passphrases: PgpPassphrases;
  dialogs: DialogService;
  shell: ExternalOpener;
  links: LinkInbox;
  info: { version: string; platform: string };
  logger: Logger;
}
