import type { ReactNode } from 'react';
import { toAppError } from '../../../shared/errors.ts';
import { api } from '../../api/client.ts';
import { reportError } from '../../api/report.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { policyLabel } from './policies.ts';
import { usePolicies } from './usePolicies.ts';
import type { DraftErrors, DraftField, ProfileDraft } from './profileDraft.ts';

export interface FieldsProps {
  draft: ProfileDraft;
  errors: DraftErrors;
  onChange: (patch: Partial<ProfileDraft>) => void;
}

interface TextFieldProps extends FieldsProps {
  field: DraftField;
  label: MessageKey;
  hint?: MessageKey;
  placeholder?: string;
  inputMode?: 'numeric' | 'text';
  children?: ReactNode;
}

function TextField({ field, label, hint, draft, errors, onChange, ...rest }: TextFieldProps) {
  const { t } = useI18n();
  const problem = errors[field];
  return (
    <label className={`field field-${field}`}>
      <span className="field-label">{t(label)}</span>
      <span className="field-row">
        <input
          type="text"
          name={field}
          value={draft[field]}
          placeholder={rest.placeholder}
          inputMode={rest.inputMode}
          spellCheck={false}
          aria-invalid={problem !== undefined}
          onChange={(e) => onChange({ [field]: e.target.value })}
        />
        {rest.children}
      </span>
      {problem && <span className="field-error">{t(`form.${problem}`)}</span>}
      {hint && !problem && <span className="hint">{t(hint)}</span>}
    </label>
  );
}

export function ServerFields(props: FieldsProps) {
  return (
    <div className="field-grid">
      <TextField {...props} field="name" label="profile.name" placeholder="Pyplan Cloud" />
      <div className="field-pair">
        <TextField {...props} field="host" label="profile.host" placeholder="sftp.example.com" />
        <TextField {...props} field="port" label="profile.port" inputMode="numeric" />
      </div>
      <TextField {...props} field="user" label="profile.user" />
    </div>
  );
}

export function PolicyField({ draft, onChange }: FieldsProps) {
  const { t } = useI18n();
  const policies = usePolicies();
  const names = policies.map((p) => p.name);
  // Until main answers, and for a policy saved by a newer version, the current value stays
  // selectable rather than silently changing.
  if (!names.includes(draft.algorithmPolicy)) names.push(draft.algorithmPolicy);
  const chosen = policies.find((p) => p.name === draft.algorithmPolicy);
  return (
    <label className="field">
      <span className="field-label">{t('profile.policy')}</span>
      <select
        name="algorithmPolicy"
        value={draft.algorithmPolicy}
        onChange={(e) => onChange({ algorithmPolicy: e.target.value })}
      >
        {names.map((name) => (
          <option key={name} value={name}>
            {name === 'default' ? t('profile.policyDefault') : policyLabel(name)}
          </option>
        ))}
      </select>
      <span className="hint">
        {draft.algorithmPolicy === 'default' || chosen === undefined
          ? t('profile.policyHint')
          : chosen.description}
      </span>
    </label>
  );
}

export function FolderFields(props: FieldsProps) {
  const { t } = useI18n();
  const browse = async (): Promise<void> => {
    try {
      const { paths } = await api.call('dialogs:openFolder', { purpose: 'localFolder' });
      if (paths[0] !== undefined) props.onChange({ localFolder: paths[0] });
    } catch (err) {
      reportError('dialogs:openFolder', toAppError(err));
    }
  };
  return (
    <div className="field-grid">
      <TextField
        {...props}
        field="localFolder"
        label="profile.localFolder"
        hint="profile.localHint"
      >
        <button type="button" className="btn" onClick={() => void browse()}>
          {t('common.browse')}
        </button>
      </TextField>
      <TextField
        {...props}
        field="remoteFolder"
        label="profile.remoteFolder"
        hint="profile.remoteHint"
        placeholder={t('profile.remotePlaceholder')}
      />
    </div>
  );
}

export function TransferFields({ draft, onChange }: FieldsProps) {
  const { t } = useI18n();
  const set = (patch: Partial<ProfileDraft['transfer']>): void =>
    onChange({ transfer: { ...draft.transfer, ...patch } });
  return (
    <div className="field-grid">
      <label className="check">
        <input
          type="checkbox"
          checked={draft.transfer.preserveTimestamps}
          onChange={(e) => set({ preserveTimestamps: e.target.checked })}
        />
        <span>
          {t('profile.preserveTimestamps')}
          <span className="hint block">{t('profile.preserveHint')}</span>
        </span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.transfer.uploadInPlace}
          onChange={(e) => set({ uploadInPlace: e.target.checked })}
        />
        <span>
          {t('profile.uploadInPlace')}
          <span className="hint block">{t('profile.inPlaceHint')}</span>
        </span>
      </label>
    </div>
  );
}
