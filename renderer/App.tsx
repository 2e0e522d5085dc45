import { useEffect, useState } from 'react';
import { hasBridge } from './api/client.ts';
import { I18nProvider } from './i18n/I18nProvider.tsx';
import { Shell } from './Shell.tsx';
import { useSettings } from './features/settings/useSettings.ts';
import { useTheme } from './features/settings/useTheme.ts';

/**
 * SECURITY: files dropped anywhere else in the window must not make Chromium open them as a
 * page; the panes handle their own drops and stop them from reaching here.
 */
function useSwallowStrayDrops(): void {
  useEffect(() => {
    const stop = (event: DragEvent): void => {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);
}

export function App() {
  const settings = useSettings();
  const [bridge] = useState(hasBridge);
  useTheme(settings.settings.theme);
  useSwallowStrayDrops();
  const lang = settings.settings.language;

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  if (!bridge) {
    return (
      <main className="fatal" role="alert">
        <h1>Pyplan Transfer</h1>
        <p>This page must be opened by the Pyplan Transfer app.</p>
      </main>
    );
  }

  return (
    <I18nProvider lang={lang}>
      <Shell settings={settings} />
    </I18nProvider>
  );
}
