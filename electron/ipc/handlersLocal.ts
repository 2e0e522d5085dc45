import { AppError } from '../../shared/errors.ts';
import type { HandlerServices } from './services.ts';
import type { Implementations } from './types.ts';
import { isAllowedExternalUrl } from '../services/app/urls.ts';
import { RendererLogLimiter } from './rendererLog.ts';

type LocalChannels =
  | 'local:home'
  | 'local:list'
  | 'local:stat'
  | 'local:drives'
  | 'local:mkdir'
  | 'local:rename'
  | 'local:delete'
  | 'pgp:listKeys'
  | 'pgp:importKey'
  | 'pgp:deleteKey'
  | 'pgp:generateKey'
  | 'pgp:exportPublicKey'
  | 'pgp:answerPassphrase'
  | 'dialogs:openFile'
  | 'dialogs:openFolder'
  | 'app:info'
  | 'app:openExternal'
  | 'app:takeLinks'
  | 'app:log'
  | 'files:startDrag'
  | 'files:cancelDrag';

/** This computer: its disk, dialogs, OpenPGP keys, links and the OS drag. */
export function localHandlers(s: HandlerServices): Implementations<LocalChannels> {
  const rendererLog = new RendererLogLimiter(s.logger.child('renderer'));
  const done = <T>(p: Promise<T>) => p.then(() => null);
  return {
    'local:home': () => s.local.home(),
    'local:list': ({ path }) => s.local.list(path),
    'local:stat': ({ path }) => s.local.stat(path),
    'local:drives': () => s.local.drives(),
    'local:mkdir': ({ path }) => done(s.local.mkdir(path)),
    'local:rename': ({ from, to }) => done(s.local.rename(from, to)),
    'local:delete': ({ path, kind }) => done(s.local.delete(path, kind)),
    'pgp:listKeys': () => s.pgp.listKeys(),
    'pgp:importKey': ({ path }) => s.pgp.importKey(path),
    'pgp:deleteKey': async ({ fingerprint }) => {
      await s.pgp.deleteKey(fingerprint);
      // A remembered passphrase goes with its key.
      s.passphrases.forget(fingerprint.replace(/\s+/g, '').toUpperCase());
      return null;
    },
    'pgp:generateKey': (key) => s.pgp.generateKey(key),
    'pgp:exportPublicKey': async ({ fingerprint }) => ({
      armored: await s.pgp.exportPublicKey(fingerprint),
    }),
    'pgp:answerPassphrase': ({ promptId, passphrase, remember }) =>
      s.passphrases.answer(promptId, passphrase, remember),
    'dialogs:openFile': async (options) => ({ paths: await s.dialogs.openFile(options) }),
    'dialogs:openFolder': async (options) => ({ paths: await s.dialogs.openFolder(options) }),
    'app:info': () => s.info,
    'app:openExternal': ({ url }) => {
      if (!isAllowedExternalUrl(url)) {
        throw new AppError('INVALID_ARGUMENT', 'external URL not allowed', {
          reason: 'link not allowed',
        });
      }
      return done(s.shell.openExternal(url));
    },
    'app:takeLinks': () => s.links.take(),
    'app:log': (line) => {
      rendererLog.write(line);
      return null;
    },
    'files:startDrag': async ({ sessionId, remotePaths }, ctx) => {
      if (!ctx.startDrag) throw new AppError('UNSUPPORTED', 'no window to drag from');
      ctx.startDrag(await s.app.prepareDrag(sessionId, remotePaths));
      return null;
    },
    'files:cancelDrag': () => {
      s.app.cancelDrags();
      return null;
    },
  };
}
