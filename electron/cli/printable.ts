/**
 * SECURITY: names come from the server. Printed raw, an escape sequence in a name would drive
 * the terminal (colours, cursor moves, a rewritten line) and a newline would forge a line of
 * output. As `ls -b` does, every control character (C0, DEL, C1) is shown as a C escape
 * (`\n`, `\t`, `\x1b`). A backslash itself is left as it is (Windows paths appear in messages
 * too), so a name really written `a\n` prints like one with a newline: --json tells them apart,
 * and leaves control characters alone since JSON escapes them itself.
 */
export function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => ESCAPES[c] ?? hex(c));
}

const ESCAPES: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function hex(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}
