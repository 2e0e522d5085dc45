import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { toggleSort, type SortKey, type SortSpec } from './entries.ts';

const COLUMNS: Array<{ key: SortKey; label: MessageKey; className: string }> = [
  { key: 'name', label: 'browser.col.name', className: 'col-name' },
  { key: 'size', label: 'browser.col.size', className: 'col-size' },
  { key: 'modified', label: 'browser.col.modified', className: 'col-modified' },
  { key: 'permissions', label: 'browser.col.permissions', className: 'col-perm' },
];

export interface FileListHeaderProps {
  sort: SortSpec;
  onSort: (sort: SortSpec) => void;
}

/** Column titles; each is a button that sorts by it, clicking again reverses. */
export function FileListHeader({ sort, onSort }: FileListHeaderProps) {
  const { t } = useI18n();
  return (
    <div className="file-header" role="row" aria-rowindex={1}>
      {COLUMNS.map((column) => {
        const active = sort.key === column.key;
        const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
        return (
          <span
            key={column.key}
            role="columnheader"
            aria-sort={ariaSort}
            className={column.className}
          >
            <button
              type="button"
              className={`sort-button${active ? ' active' : ''}`}
              onClick={() => onSort(toggleSort(sort, column.key))}
              data-testid={`sort-${column.key}`}
            >
              {t(column.label)}
              <span className="sort-arrow" aria-hidden="true">
                {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
              </span>
            </button>
          </span>
        );
      })}
    </div>
  );
}
