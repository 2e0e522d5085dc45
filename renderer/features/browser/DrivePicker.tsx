import { useI18n } from '../../i18n/I18nProvider.tsx';

export interface DrivePickerProps {
  drives: string[];
  path: string;
  onOpen: (path: string) => void;
}

/** Windows drive letters (C:\, D:\, mapped network drives) for the local pane. */
export function DrivePicker({ drives, path, onOpen }: DrivePickerProps) {
  const { t } = useI18n();
  // The longest root the path is under, should one root hold another (a mounted folder).
  const current = drives
    .filter((d) => path.toUpperCase().startsWith(d.toUpperCase()))
    .reduce((best, d) => (d.length > best.length ? d : best), '');
  return (
    <select
      className="drive-picker"
      value={current}
      aria-label={t('browser.drive')}
      onChange={(e) => onOpen(e.target.value)}
    >
      {current === '' && <option value="">—</option>}
      {drives.map((drive) => (
        <option key={drive} value={drive}>
          {drive}
        </option>
      ))}
    </select>
  );
}
