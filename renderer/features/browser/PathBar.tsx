import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { crumbs, resolvePath, type Sep } from '../../lib/paths.ts';

export interface PathBarProps {
  path: string;
  sep: Sep;
  onNavigate: (path: string) => void;
}

/**
 * Breadcrumbs of the current folder; clicking the empty part (or the pencil) turns the bar
 * into a text box where a path can be typed or pasted. Enter goes, Escape gives up.
 */
export function PathBar({ path, sep, onNavigate }: PathBarProps) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(path);
  const input = useRef<HTMLInputElement>(null);
  const nav = useRef<HTMLElement>(null);

  // A long path keeps its end, the current folder, in view, also when the window narrows.
  useLayoutEffect(() => {
    const element = nav.current;
    if (element === null) return undefined;
    const toEnd = (): void => {
      element.scrollLeft = element.scrollWidth;
    };
    toEnd();
    const observer = new ResizeObserver(toEnd);
    observer.observe(element);
    return () => observer.disconnect();
  }, [path, editing]);

  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  const startEditing = (): void => {
    setText(path);
    setEditing(true);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setEditing(false);
    const typed = text.trim();
    if (typed === '') return;
    // Shown whole in the bar, and Up keeps working: a relative path is resolved here.
    const target = resolvePath(path, typed, sep);
    if (target !== path) onNavigate(target);
  };

  if (editing) {
    return (
      <form className="path-bar editing" onSubmit={submit}>
        <input
          ref={input}
          type="text"
          value={text}
          aria-label={t('browser.pathLabel')}
          spellCheck={false}
          data-testid="path-input"
          onChange={(e) => setText(e.target.value)}
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              setEditing(false);
            }
          }}
        />
      </form>
    );
  }

  const parts = crumbs(path, sep);
  return (
    <div className="path-bar" onClick={(e) => e.target === e.currentTarget && startEditing()}>
      <nav
        ref={nav}
        aria-label={t('browser.pathLabel')}
        className="crumbs"
        data-testid="breadcrumbs"
      >
        {parts.map((crumb, i) => (
          <span key={crumb.path} className="crumb">
            {i > 0 && !(i === 1 && sep === '/') && (
              <Icon name="chevronRight" className="crumb-sep" />
            )}
            <button
              type="button"
              className="crumb-button"
              aria-current={i === parts.length - 1 ? 'location' : undefined}
              onClick={() => onNavigate(crumb.path)}
            >
              {crumb.label}
            </button>
          </span>
        ))}
      </nav>
      <button
        type="button"
        className="icon-button path-edit"
        onClick={startEditing}
        title={t('browser.editPath')}
        aria-label={t('browser.editPath')}
        data-testid="path-edit"
      >
        <Icon name="pencil" />
      </button>
    </div>
  );
}
