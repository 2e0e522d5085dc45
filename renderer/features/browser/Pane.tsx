import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { ContextMenu, type MenuEntry } from '../../components/ContextMenu.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { copyText } from '../../lib/clipboard.ts';
import { beginPaneDrag, type PaneDrag } from './dragData.ts';
import { DropHint } from './DropHint.tsx';
import { isFolder } from './entries.ts';
import { FileOpsDialogs, type FileOp } from './FileOpsDialogs.tsx';
import { PaneBody } from './PaneBody.tsx';
import { paneMenu } from './paneMenu.ts';
import type { PaneSource } from './paneSource.ts';
import { PaneStatus } from './PaneStatus.tsx';
import { PaneToolbar } from './PaneToolbar.tsx';
import { PathBar } from './PathBar.tsx';
import { parentPath } from '../../lib/paths.ts';
import { pickSelected } from './selection.ts';
import { usePane } from './usePane.ts';
import { usePaneDrop } from './usePaneDrop.ts';

export interface PaneProps {
  source: PaneSource;
  startPath: string;
  title: string;
  subtitle?: string;
  hiddenDefault: boolean;
  /** Bumped by the owner when something landed here (a finished transfer): reload. */
  refreshKey: number;
  canTransfer: boolean;
  transferLabel: string;
  onPathChange: (path: string) => void;
  onTransfer: (entries: FileEntry[]) => void;
  onPaneDrop: (drag: PaneDrag, targetDir: string) => void;
  /** OS files dropped here, onto the pane's folder or a folder row. */
  onFilesDrop: (files: File[], targetDir: string) => void;
  /** Replaces the pane's own drag (remote files dragged out to the desktop with Alt). */
  onDragOut?: (event: DragEvent, entries: FileEntry[]) => boolean;
  extraMenu?: (entries: FileEntry[]) => MenuEntry[];
  homePath?: string;
  /** Extra toolbar controls (the drive picker); they get the pane's navigation. */
  toolbarExtra?: (open: (path: string) => void, path: string) => ReactNode;
  headerExtra?: ReactNode;
}

/** One side of the commander view: toolbar, path, the file list and its dialogs. */
export function Pane(props: PaneProps) {
  const i18n = useI18n();
  const { source, onPathChange } = props;
  const pane = usePane(source, props.startPath, props.hiddenDefault);
  const [menu, setMenu] = useState<{ x: number; y: number; entries: FileEntry[] } | null>(null);
  const [op, setOp] = useState<FileOp | null>(null);
  const ghost = useRef<HTMLDivElement>(null);
  const drop = usePaneDrop({
    kind: source.kind,
    path: pane.path,
    enabled: pane.status !== 'error',
    onPaneDrop: props.onPaneDrop,
    onFilesDrop: props.onFilesDrop,
  });

  useEffect(() => onPathChange(pane.path), [pane.path, onPathChange]);

  // The owner bumps refreshKey when a transfer landed in this folder.
  const [seenRefresh, setSeenRefresh] = useState(props.refreshKey);
  if (seenRefresh !== props.refreshKey) {
    setSeenRefresh(props.refreshKey);
    pane.refresh();
  }

  const taken = useMemo(() => new Set(pane.view.map((e) => e.name)), [pane.view]);
  const selected = (): FileEntry[] => pickSelected(pane.selection, pane.view);

  const open = (entry: FileEntry): void => {
    if (isFolder(entry)) pane.open(entry.path);
    else if (props.canTransfer) props.onTransfer([entry]);
  };
  const transfer = (entries: FileEntry[]): void => {
    if (props.canTransfer) props.onTransfer(entries);
  };
  const rename = (): void => {
    const [entry, ...rest] = selected();
    if (entry && rest.length === 0) setOp({ kind: 'rename', entry });
  };
  const remove = (): void => {
    const entries = selected();
    if (entries.length > 0) setOp({ kind: 'delete', entries });
  };

  const onMenu = (event: MouseEvent, entries: FileEntry[]): void => {
    event.preventDefault();
    setMenu({ x: event.clientX, y: event.clientY, entries });
  };
  const menuItems = (entries: FileEntry[]): MenuEntry[] =>
    paneMenu(
      entries,
      {
        open,
        transfer: props.onTransfer,
        transferLabel: props.transferLabel,
        transferIcon: source.kind === 'local' ? 'upload' : 'download',
        canTransfer: props.canTransfer,
        newFolder: () => setOp({ kind: 'mkdir', dir: pane.path }),
        rename: (entry) => setOp({ kind: 'rename', entry }),
        remove: (list) => setOp({ kind: 'delete', entries: list }),
        refresh: () => pane.refresh(),
        copyPath: (list) => copyText(list.map((e) => e.path).join('\n')),
        extra: props.extraMenu,
      },
      i18n,
    );

  const onDragStart = (event: DragEvent, entries: FileEntry[]): void => {
    if (props.onDragOut?.(event, entries)) return;
    beginPaneDrag(event, { from: source.kind, sourceId: source.id, entries });
    if (ghost.current && entries.length > 1) {
      ghost.current.textContent = i18n.plural(
        { one: 'browser.items.one', other: 'browser.items.other' },
        entries.length,
      );
      event.dataTransfer.setDragImage(ghost.current, 12, 12);
    }
  };

  return (
    <section
      className={`pane pane-${source.kind}${drop.target === pane.path ? ' drop-active' : ''}`}
      aria-label={props.title}
      data-testid={`pane-${source.kind}`}
      data-path={pane.path}
      onDragOver={drop.onDragOver}
      onDragLeave={drop.onDragLeave}
      onDrop={drop.onDrop}
    >
      <header className="pane-header">
        <Icon name={source.kind === 'local' ? 'drive' : 'server'} className="pane-icon" />
        <span className="pane-title">{props.title}</span>
        {props.subtitle && <span className="pane-subtitle">{props.subtitle}</span>}
        <span className="spacer" />
        {props.headerExtra}
      </header>
      <PaneToolbar
        pane={pane}
        canGoUp={parentPath(pane.path, source.sep) !== null}
        onHome={
          props.homePath === undefined ? undefined : () => pane.open(props.homePath as string)
        }
        onNewFolder={() => setOp({ kind: 'mkdir', dir: pane.path })}
      >
        {props.toolbarExtra?.(pane.open, pane.path)}
      </PaneToolbar>
      <PathBar path={pane.path} sep={source.sep} onNavigate={pane.open} />
      <PaneBody
        pane={pane}
        label={props.title}
        dropRow={drop.target !== pane.path ? drop.target : null}
        onOpen={open}
        onTransfer={transfer}
        onMenu={onMenu}
        onRename={rename}
        onDelete={remove}
        onDragStart={onDragStart}
        onDragOverRow={drop.onDragOverRow}
      />
      {drop.target !== null && (
        <DropHint kind={source.kind} from={drop.from} target={drop.target} sep={source.sep} />
      )}
      <PaneStatus pane={pane} hint={props.onDragOut ? i18n.t('browser.dragOutHint') : undefined} />
      <div ref={ghost} className="drag-ghost" aria-hidden="true" />
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          items={menuItems(menu.entries)}
          onClose={() => setMenu(null)}
        />
      )}
      {op && (
        <FileOpsDialogs
          op={op}
          source={source}
          taken={taken}
          onDone={(select) => {
            setOp(null);
            pane.refresh(select);
          }}
          onCancel={(changed) => {
            setOp(null);
            if (changed) pane.refresh();
          }}
        />
      )}
    </section>
  );
}
