import type { Session, WebContents } from 'electron';
import { isAllowedExternalUrl } from '../services/app/urls.ts';
import { isTrustedSender } from '../ipc/senderCheck.ts';

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

/**
 * The two permissions the app's own page uses: a notification when a batch finishes in the
 * background, and writing text (a path) to the clipboard.
 */
const APP_PERMISSIONS: ReadonlySet<string> = new Set([
  'notifications',
  'clipboard-sanitized-write',
]);

/** Whether a permission is granted: only the two above, and only to the app's own top page. */
export function isPermissionAllowed(permission: string, requestingUrl: string, appUrl: string) {
  return (
    APP_PERMISSIONS.has(permission) &&
    isTrustedSender({ url: requestingUrl, isTopFrame: true }, appUrl)
  );
}

/**
 * SECURITY: camera, microphone, geolocation, clipboard reads, devices...: none are needed, so
 * all are refused; a page that is not the app's own gets nothing at all.
 */
export function restrictPermissions(session: Session, appUrl: string): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const url = details.requestingUrl || contents?.getURL() || '';
    callback(isPermissionAllowed(permission, url, appUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    const url = details.requestingUrl ?? requestingOrigin;
    return isPermissionAllowed(permission, url, appUrl);
  });
  session.setDevicePermissionHandler(() => false);
}
