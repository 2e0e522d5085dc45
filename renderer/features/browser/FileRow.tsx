import { memo, type DragEvent, type MouseEvent } from 'react';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { Icon, type IconName } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatPermissions } from '../../lib/format.ts';
import { isFolder } from './entries.ts';

export interface FileRowProps {
  entry: FileEntry;
  index: number;
  top: number;
  selected: boolean;
  focused: boolean;
  dropTarget: boolean;
  onMouseDown: (event: MouseEvent, index: number) => void;
  onClick: (event: MouseEvent, index: number) => void;
  onDoubleClick: (index: number) => void;
  onContextMenu: (event: MouseEvent, index: number) => void;
  onDragStart: (event: DragEvent, index: number) => void;
  onDragOverRow: (event: DragEvent, index: number) => void;
}

function iconFor(entry: FileEntry): IconName {
  if (isFolder(entry)) return 'folder';
  return entry.type === 'symlink' ? 'link' : 'file';
}

/** One line of a file list; memoised so scrolling re-renders only rows that change. */
export const FileRow = memo(function FileRow(props: FileRowProps) {
  const { size, date, t } = useI18n();
  const { entry, index } = props;
  const folder = isFolder(entry);
  const classes = [
    'file-row',
    index % 2 === 1 ? 'odd' : '',
    props.selected ? 'selected' : '',
    props.focused ? 'focused' : '',
    props.dropTarget ? 'drop-target' : '',
    entry.name.startsWith('.') ? 'hidden-entry' : '',
  ];

  return (
    <div
      role="row"
      className={classes.join(' ')}
      aria-selected={props.selected}
      aria-rowindex={index + 2}
      data-name={entry.name}
      data-testid="file-row"
      draggable
      // The virtualizer's offset, through CSSOM (React style props), which the CSP allows.
      style={{ transform: `translateY(${props.top}px)` }}
      onMouseDown={(e) => props.onMouseDown(e, index)}
      onClick={(e) => props.onClick(e, index)}
      onDoubleClick={() => props.onDoubleClick(index)}
      onContextMenu={(e) => props.onContextMenu(e, index)}
      onDragStart={(e) => props.onDragStart(e, index)}
      onDragOver={folder ? (e) => props.onDragOverRow(e, index) : undefined}
    >
      <span role="gridcell" className="col-name" title={entry.name}>
        <Icon name={iconFor(entry)} className={`entry-icon ${folder ? 'is-folder' : ''}`} />
        <span className="name-text">{entry.name}</span>
      </span>
      <span role="gridcell" className="col-size">
        {folder ? t('browser.folderKind') : size(entry.size)}
      </span>
      <span role="gridcell" className="col-modified">
        {date(entry.modifiedMs)}
      </span>
      <span role="gridcell" className="col-perm">
        {formatPermissions(entry.mode)}
      </span>
    </div>
  );
});
