import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Icon, type IconName } from './Icon.tsx';

export interface MenuItem {
  id: string;
  label: string;
  icon?: IconName;
  shortcut?: string;
  disabled?: boolean;
  danger?: boolean;
  onSelect: () => void;
}

export type MenuEntry = MenuItem | 'separator';

export interface ContextMenuProps {
  x: number;
  y: number;
  items: MenuEntry[];
  onClose: () => void;
}

function enabledItems(items: MenuEntry[]): MenuItem[] {
  return items.filter((i): i is MenuItem => i !== 'separator' && !i.disabled);
}

/** A right-click menu at the pointer, kept inside the window, driven by mouse or keyboard. */
export function ContextMenu({ x, y, items, onClose }: ContextMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ left: x, top: y });
  const [active, setActive] = useState(0);
  const choices = enabledItems(items);

  useLayoutEffect(() => {
    const menu = ref.current;
    if (menu === null) return;
    const rect = menu.getBoundingClientRect();
    const left = Math.max(4, Math.min(x, window.innerWidth - rect.width - 4));
    const top = Math.max(4, Math.min(y, window.innerHeight - rect.height - 4));
    setPosition({ left, top });
    menu.focus();
  }, [x, y]);

  useEffect(() => {
    const close = (event: Event): void => {
      if (event.target instanceof Node && ref.current?.contains(event.target)) return;
      onClose();
    };
    window.addEventListener('mousedown', close, true);
    window.addEventListener('blur', onClose);
    window.addEventListener('resize', onClose);
    return () => {
      window.removeEventListener('mousedown', close, true);
      window.removeEventListener('blur', onClose);
      window.removeEventListener('resize', onClose);
    };
  }, [onClose]);

  const choose = (item: MenuItem): void => {
    onClose();
    item.onSelect();
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step !== undefined && choices.length > 0) {
      setActive((i) => (i + step + choices.length) % choices.length);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const item = choices[active];
      if (item) choose(item);
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      onClose();
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      tabIndex={-1}
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item, index) =>
        item === 'separator' ? (
          <div key={`sep-${index}`} className="menu-separator" role="separator" />
        ) : (
          <button
            key={item.id}
            type="button"
            role="menuitem"
            className={[
              'menu-item',
              item.danger ? 'danger' : '',
              choices[active] === item ? 'active' : '',
            ].join(' ')}
            disabled={item.disabled}
            data-testid={`menu-${item.id}`}
            onMouseEnter={() => setActive(choices.indexOf(item))}
            onClick={() => choose(item)}
          >
            <span className="menu-icon">{item.icon && <Icon name={item.icon} />}</span>
            <span className="menu-label">{item.label}</span>
            {item.shortcut && <kbd className="menu-shortcut">{item.shortcut}</kbd>}
          </button>
        ),
      )}
    </div>
  );
}
