import type { FileEntry } from '../../../shared/types/remote.ts';
import type { MenuEntry } from '../../components/ContextMenu.tsx';
import type { I18n } from '../../i18n/I18nProvider.tsx';
import { isFolder } from './entries.ts';
import { isMac } from './useListKeyboard.ts';

export interface PaneMenuActions {
  open(entry: FileEntry): void;
  transfer(entries: FileEntry[]): void;
  transferLabel: string;
  transferIcon: 'upload' | 'download';
  canTransfer: boolean;
  newFolder(): void;
  rename(entry: FileEntry): void;
  remove(entries: FileEntry[]): void;
  refresh(): void;
  copyPath(entries: FileEntry[]): void;
  /** Side-specific items (e.g. "Download to…"), placed after the transfer item. */
  extra?: (entries: FileEntry[]) => MenuEntry[];
}

/** The right-click menu for a selection (or for the folder itself when nothing is picked). */
export function paneMenu(entries: FileEntry[], a: PaneMenuActions, i18n: I18n): MenuEntry[] {
  const { t } = i18n;
  const first = entries[0];
  const items: MenuEntry[] = [];
  const opensFolder = first !== undefined && entries.length === 1 && isFolder(first);
  if (opensFolder) {
    items.push({
      id: 'open',
      label: t('menu.open'),
      icon: 'folder',
      shortcut: t('key.enter'),
      onSelect: () => a.open(first),
    });
  }
  if (entries.length > 0) {
    items.push({
      id: 'transfer',
      label: a.transferLabel,
      icon: a.transferIcon,
      // Enter opens a lone folder; on files or several items it transfers them.
      shortcut: opensFolder ? undefined : t('key.enter'),
      disabled: !a.canTransfer,
      onSelect: () => a.transfer(entries),
    });
    items.push(...(a.extra?.(entries) ?? []));
    items.push('separator');
  }
  items.push({ id: 'mkdir', label: t('ops.newFolder'), icon: 'newFolder', onSelect: a.newFolder });
  if (first !== undefined) {
    items.push({
      id: 'rename',
      label: t('ops.rename'),
      icon: 'pencil',
      shortcut: 'F2',
      disabled: entries.length !== 1,
      onSelect: () => a.rename(first),
    });
    items.push({
      id: 'copyPath',
      label: t('menu.copyPath'),
      icon: 'copy',
      onSelect: () => a.copyPath(entries),
    });
    items.push('separator');
    items.push({
      id: 'delete',
      label: t('common.delete'),
      icon: 'trash',
      // Macs have no Delete key on most keyboards: the list takes Cmd+Backspace there.
      shortcut: isMac() ? '⌘⌫' : t('key.delete'),
      danger: true,
      onSelect: () => a.remove(entries),
    });
  } else {
    items.push({
      id: 'refresh',
      label: t('browser.refresh'),
      icon: 'refresh',
      shortcut: 'F5',
      onSelect: a.refresh,
    });
  }

  return items;
}
