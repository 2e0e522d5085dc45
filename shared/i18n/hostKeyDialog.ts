/**
 * The words of main's own "forget the saved server identity?" dialog, in both languages.
 * Main shows it natively, so the page that asked cannot answer it for the user.
 */
export interface ForgetHostKeyQuestion {
  host: string;
  port: number;
  /** The saved keys that would go, each named by its SHA256 fingerprint. */
  keys: Array<{ keyType: string; fingerprint: string }>;
  language: 'en' | 'es';
}

export interface ForgetHostKeyText {
  title: string;
  message: string;
  detail: string;
  forget: string;
  keep: string;
}

const where = (q: ForgetHostKeyQuestion): string =>
  q.port === 22 ? q.host : `${q.host}:${String(q.port)}`;

const fingerprints = (q: ForgetHostKeyQuestion): string =>
  q.keys.map((k) => `${k.keyType}  ${k.fingerprint}`).join('\n');

export function forgetHostKeyText(q: ForgetHostKeyQuestion): ForgetHostKeyText {
  if (q.language === 'es') {
    return {
      title: 'Pyplan Transfer',
      message: `¿Olvidar la identidad guardada de ${where(q)}?`,
      detail:
        `Identidad guardada (huella antigua):\n${fingerprints(q)}\n\n` +
        'Hágalo solo si Pyplan le avisó de que la clave del servidor cambió. La próxima ' +
        'conexión mostrará la nueva huella: compárela con la que le dio Pyplan antes de ' +
        'confiar.',
      forget: 'Olvidar la identidad',
      keep: 'Conservarla',
    };
  }
  return {
    title: 'Pyplan Transfer',
    message: `Forget the saved server identity of ${where(q)}?`,
    detail:
      `Saved identity (old fingerprint):\n${fingerprints(q)}\n\n` +
      'Do this only when Pyplan has told you that the server key changed. The next ' +
      'connection will show the new fingerprint: compare it with the one Pyplan gave you ' +
      'before trusting it.',
    forget: 'Forget the identity',
    keep: 'Keep it',
  };
}
