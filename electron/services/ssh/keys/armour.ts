import { AppError } from '../../../../shared/errors.ts';

/** A PEM block (RFC 7468), with RFC 1421 headers such as `Proc-Type` kept. */
export interface Armour {
  label: string;
  headers: string[];
  /** Canonical text: one header per line, a blank line after headers, base64 in 64 columns. */
  pem: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HEADER = /^[A-Za-z][A-Za-z0-9-]*:/;
const PEM_LINE_WIDTH = 64;

/** Labels of every `-----BEGIN X-----` line, in file order. Lines are already trimmed. */
export function pemLabels(text: string): string[] {
  return [...text.matchAll(/^-----BEGIN ([A-Z0-9 ]+)-----$/gm)].map((match) => match[1] ?? '');
}

/**
 * Cuts the block with this label out of the text and rewraps it, so text around it and
 * re-flowed or doubled line breaks from mail clients do not matter. A block with no END line
 * or whose body is not base64 was cut short or altered: KEY_DAMAGED.
 */
export function extractArmour(text: string, label: string): Armour {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const start = text.indexOf(begin);
  const stop = text.indexOf(end, start);
  if (start < 0 || stop < 0) {
    throw new AppError('KEY_DAMAGED', 'extractArmour: no END line', { reason: 'truncated' });
  }
  const lines = text
    .slice(start + begin.length, stop)
    .split('\n')
    .filter((line) => line !== '');
  const headerCount = lines.findIndex((line) => !HEADER.test(line));
  const headers = headerCount < 0 ? lines : lines.slice(0, headerCount);
  const body = lines.slice(headers.length).join('');
  if (!BASE64.test(body) || body.length % 4 !== 0) {
    throw new AppError('KEY_DAMAGED', 'extractArmour: body is not base64', { reason: 'base64' });
  }
  const separator = headers.length > 0 ? [''] : [];
  const pem = [begin, ...headers, ...separator, ...wrap(body), end, ''].join('\n');

  return { label, headers, pem };
}

function wrap(body: string): string[] {
  const lines: string[] = [];
  for (let at = 0; at < body.length; at += PEM_LINE_WIDTH) {
    lines.push(body.slice(at, at + PEM_LINE_WIDTH));
  }
  return lines;
}
