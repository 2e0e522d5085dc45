import type { HandlerServices } from './services.ts';
import type { Implementations } from './types.ts';

type ProfileChannels =
  | 'profiles:list'
  | 'profiles:get'
  | 'profiles:save'
  | 'profiles:delete'
  | 'profiles:duplicate'
  | 'profiles:importKey'
  | 'profiles:listKeys'
  | 'profiles:deleteKey'
  | 'profiles:importFrom'
  | 'settings:get'
  | 'settings:update';

/** Saved profiles, imported keys, other programs' sites, and preferences. */
export function profileHandlers(s: HandlerServices): Implementations<ProfileChannels> {
  return {
    'profiles:list': () => s.profiles.list(),
    'profiles:get': ({ id }) => s.profiles.get(id),
    'profiles:save': (input) => s.profiles.save(input),
    'profiles:delete': ({ id }) => {
      s.profiles.delete(id);
      return null;
    },
    'profiles:duplicate': ({ id }) => s.profiles.duplicate(id),
    'profiles:importKey': ({ path, passphrase, savePassphrase }) =>
      s.profiles.importKey(path, { savePassphrase, ...(passphrase ? { passphrase } : {}) }),
    'profiles:listKeys': () => s.profiles.listKeys(),
    'profiles:deleteKey': ({ id }) => {
      s.profiles.deleteKey(id);
      return null;
    },
    'profiles:importFrom': ({ source, path }) => s.importer.importFrom(source, path),
    'settings:get': () => s.settings.get(),
    'settings:update': (patch) => {
      const settings = s.settings.update(patch);
      s.app.setBandwidthLimit(settings.bandwidthLimit);
      s.app.setSimultaneousTransfers(settings.simultaneousTransfers);
      return settings;
    },
  };
}
