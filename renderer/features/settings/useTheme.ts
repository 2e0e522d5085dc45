import { useEffect } from 'react';
import type { Settings } from './useSettings.ts';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * Puts the resolved theme on <html data-theme>, which the stylesheets key their colours on.
 * "system" follows the OS and keeps following it when the user switches while the app runs.
 */
export function useTheme(theme: Settings['theme']): void {
  useEffect(() => {
    const root = document.documentElement;
    if (theme !== 'system') {
      root.dataset.theme = theme;
      return undefined;
    }
    const media = window.matchMedia(DARK_QUERY);
    const apply = (): void => {
      root.dataset.theme = media.matches ? 'dark' : 'light';
    };
    apply();
    media.addEventListener('change', apply);

    return () => media.removeEventListener('change', apply);
  }, [theme]);
}
