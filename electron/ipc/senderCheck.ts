/** Who sent an IPC request, as Electron reports it (or the e2e harness, from the page). */
export interface SenderInfo {
  /** URL of the frame that sent the request. */
  url: string;
  /** False for iframes and for any web contents other than the app window. */
  isTopFrame: boolean;
}

/**
 * SECURITY: only the app's own page may call main. A request from an iframe, a navigated-away
 * page or another web contents could otherwise read files or open connections. The app is
 * loaded from a file: URL (exact file match) or a custom protocol (same origin).
 */
export function isTrustedSender(sender: SenderInfo, appUrl: string): boolean {
  if (!sender.isTopFrame) return false;
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(sender.url);
    expected = new URL(appUrl);
  } catch {
    return false;
  }
  if (actual.protocol !== expected.protocol) return false;
  if (expected.protocol === 'file:') {
    return actual.host === expected.host && actual.pathname === expected.pathname;
  }
  return actual.host === expected.host;
}
