import type { TEST_STEPS } from '../../../shared/schemas/connection.ts';

type Step = (typeof TEST_STEPS)[number];
/** 'running' is the step under way; 'waiting' one that has not started yet. */
export type StepStatus = 'ok' | 'failed' | 'skipped' | 'running' | 'waiting';

/** Whether a host-key prompt is about the server being tested (host names ignore case). */
export function promptIsFor(
  prompt: { host: string; port: number },
  profile: { host: string; port?: number },
): boolean {
  const sameHost = prompt.host.toLowerCase() === profile.host.trim().toLowerCase();
  return sameHost && prompt.port === (profile.port ?? 22);
}

/**
 * A step's mark while the test runs. Main answers all steps at the end, so only one moment
 * is known on the way: a host-key prompt for this server means it was reached and its
 * identity is being checked. Before that, reaching it is what is under way.
 */
export function runningStatus(step: Step, reached: boolean): StepStatus {
  if (step === 'reach') return reached ? 'ok' : 'running';
  if (step === 'hostKey') return reached ? 'running' : 'waiting';
  return 'waiting';
}
