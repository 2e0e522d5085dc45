import { AppError } from '../../../../shared/errors.ts';

/** Key files are a few kilobytes; anything past this is some other file chosen by mistake. */
export const MAX_KEY_FILE_BYTES = 1024 * 1024;

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('latin1');
const UTF16LE = new TextDecoder('utf-16le');
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
/** Control characters other than tab and line breaks never occur in a text key file. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const BINARY_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Turns what the user gave into clean text: no byte-order mark (trim removes U+FEFF), `\n`
 * line ends, each line trimmed, no blank lines around the key. Key files pass through Windows
 * editors and mail clients, which add all of these; none carry meaning in any key format.
 * Throws KEY_NOT_A_KEY for empty, oversized or binary input.
 */
export function toKeyText(data: Buffer | string): string {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size > MAX_KEY_FILE_BYTES) {
    throw new AppError('KEY_NOT_A_KEY', 'toKeyText: larger than any key file', { size });
  }
  const text = typeof data === 'string' ? data : decodeText(data);
  if (BINARY_CHARS.test(text)) {
    throw new AppError('KEY_NOT_A_KEY', 'toKeyText: binary data', { reason: 'binary' });
  }
  const clean = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .join('\n')
    .trim();
  if (clean === '') throw new AppError('KEY_NOT_A_KEY', 'toKeyText: empty', { reason: 'empty' });

  return clean;
}

/**
 * Windows PowerShell 5 writes UTF-16 when a key is saved with `>`, so that is read too. Text that
 * is not UTF-8 is read as Latin-1: key data is ASCII, and only comments or mail text around a
 * key can hold other characters. Binary files are caught afterwards by their control bytes.
 */
function decodeText(data: Buffer): string {
  if (data.subarray(0, 2).equals(UTF16LE_BOM)) return UTF16LE.decode(data);
  try {
    return UTF8.decode(data);
  } catch {
    return LATIN1.decode(data);
  }
}
