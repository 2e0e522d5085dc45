import { useEffect, useRef } from 'react';
import type { RequestOutput } from '../../../shared/ipc/contract.ts';
import { TEST_STEPS } from '../../../shared/schemas/connection.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Icon, type IconName } from '../../components/Icon.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { runningStatus, type StepStatus } from './testProgress.ts';

export type TestResult = RequestOutput<'connection:test'>;
type Step = (typeof TEST_STEPS)[number];
type Status = StepStatus;

const STEP_TEXT: Record<Step, MessageKey> = {
  reach: 'test.step.reach',
  hostKey: 'test.step.hostKey',
  login: 'test.step.login',
  sftp: 'test.step.sftp',
  list: 'test.step.list',
};

const STATUS_ICON: Record<Status, IconName> = {
  ok: 'check',
  failed: 'close',
  skipped: 'chevronRight',
  running: 'spinner',
  waiting: 'chevronRight',
};

export interface TestConnectionPanelProps {
  running: boolean;
  /** The running test reached the server (its identity is being confirmed). */
  reached: boolean;
  result: TestResult | null;
}

/**
 * The five steps of "Test connection" in the order they happen, each marked passed, failed
 * or not reached, with the plain-words reason under the one that failed.
 */
export function TestConnectionPanel({ running, reached, result }: TestConnectionPanelProps) {
  const { t, plural } = useI18n();
  const panel = useRef<HTMLElement>(null);

  // The panel sits under a long form: bring it into view when a test starts and ends.
  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [running, result]);

  if (!running && result === null) return null;

  const statusOf = (step: Step): Status => {
    if (running || result === null) return runningStatus(step, reached);
    return result.steps.find((s) => s.step === step)?.status ?? 'skipped';
  };

  return (
    <section ref={panel} className="test-panel" aria-live="polite" data-testid="test-panel">
      <h3>{running ? t('test.running') : result?.ok ? t('test.passed') : t('test.failed')}</h3>
      <ol className="test-steps">
        {TEST_STEPS.map((step) => {
          const status = statusOf(step);
          const failed = result?.steps.find((s) => s.step === step && s.status === 'failed');
          return (
            <li key={step} className={`test-step step-${status}`} data-testid={`step-${step}`}>
              <span className="step-mark">
                <Icon name={STATUS_ICON[status]} className={status === 'running' ? 'spin' : ''} />
              </span>
              <span className="step-label">{t(STEP_TEXT[step])}</span>
              <span className="step-status">{t(`test.status.${status}`)}</span>
              {failed?.error && <ErrorMessage error={failed.error} compact />}
            </li>
          );
        })}
      </ol>
      {result?.ok && result.entryCount !== undefined && (
        <p className="hint">
          {plural({ one: 'test.entries.one', other: 'test.entries.other' }, result.entryCount)}
          {result.serverIdent ? ` · ${result.serverIdent}` : ''}
        </p>
      )}
    </section>
  );
}
