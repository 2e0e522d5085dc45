import type { BrowserWindow, Dialog, MessageBoxOptions, OpenDialogOptions } from 'electron';
import { forgetHostKeyText } from '../../shared/i18n/hostKeyDialog.ts';
import type {
  DialogService,
  ForgetHostKeyQuestion,
  OpenFileOptions,
  OpenFolderOptions,
} from '../ipc/services.ts';

const FILTERS: Record<OpenFileOptions['purpose'], OpenDialogOptions['filters']> = {
  sshKey: [
    { name: 'Private keys', extensions: ['pem', 'key', 'ppk', 'txt'] },
    { name: 'All files', extensions: ['*'] },
  ],
  pgpKey: [
    { name: 'OpenPGP keys', extensions: ['asc', 'gpg', 'pgp', 'key'] },
    { name: 'All files', extensions: ['*'] },
  ],
  importSource: [
    { name: 'Settings files', extensions: ['xml', 'ini', 'config'] },
    { name: 'All files', extensions: ['*'] },
  ],
  upload: [{ name: 'All files', extensions: ['*'] }],
};

/** Electron's native dialogs, attached to the app window. */
export class ElectronDialogs implements DialogService {
  readonly #dialog: Dialog;
  readonly #getWindow: () => BrowserWindow | null;

  constructor(dialog: Dialog, getWindow: () => BrowserWindow | null) {
    this.#dialog = dialog;
    this.#getWindow = getWindow;
  }

  openFile(options: OpenFileOptions): Promise<string[]> {
    const properties: OpenDialogOptions['properties'] = ['openFile', 'showHiddenFiles'];
    if (options.multiple) properties.push('multiSelections');
    return this.#show({ properties, filters: FILTERS[options.purpose] });
  }

  openFolder(options: OpenFolderOptions): Promise<string[]> {
    const properties: OpenDialogOptions['properties'] = ['openDirectory', 'createDirectory'];
    if (options.purpose === 'upload') properties.push('multiSelections');
    return this.#show({ properties });
  }

  /** "Keep it" is the default and what Esc picks: forgetting takes a deliberate click. */
  async confirmForgetHostKey(question: ForgetHostKeyQuestion): Promise<boolean> {
    const text = forgetHostKeyText(question);
    const options: MessageBoxOptions = {
      type: 'warning',
      title: text.title,
      message: text.message,
      detail: text.detail,
      buttons: [text.keep, text.forget],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const window = this.#getWindow();
    const result = window
      ? await this.#dialog.showMessageBox(window, options)
      : await this.#dialog.showMessageBox(options);
    return result.response === 1;
  }

  async #show(options: OpenDialogOptions): Promise<string[]> {
    const window = this.#getWindow();
    const result = window
      ? await this.#dialog.showOpenDialog(window, options)
      : await this.#dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  }
}
