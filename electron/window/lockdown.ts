import type { Session, WebContents } from 'electron';
import { isAllowedExternalUrl } from '../services/app/urls.ts';

export interface LockdownOptions {
  openExternal: (url: string) => void;
}

/**
 * SECURITY: the page never leaves the app. Navigation (links, drags, redirects) is blocked,
 * new windows are refused, <webview> cannot attach; allow-listed https links open in the OS
 * browser instead. Applied to every web contents the app ever creates.
 */
export function lockDownContents(contents: WebContents, options: LockdownOptions): void {
  const external = (url: string): void => {
    if (isAllowedExternalUrl(url)) options.openExternal(url);
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    external(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    external(url);
    return { action: 'deny' };
  });
}

/** Camera, microphone, notifications, geolocation, clipboard reads...: none are needed. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
