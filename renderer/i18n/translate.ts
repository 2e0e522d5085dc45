import type { ErrorCode, ErrorDetails, SerializedAppError } from '../../shared/errors.ts';
import { ERROR_TEXT_EN } from '../../shared/i18n/errors.en.ts';
import { ERROR_TEXT_ES } from '../../shared/i18n/errors.es.ts';
import { EN, type MessageKey } from './en.ts';
import { ES } from './es.ts';

export type Lang = 'en' | 'es';
export type Vars = Record<string, string | number>;

export const LANGS: readonly Lang[] = ['en', 'es'];

const CATALOGS: Record<Lang, Record<MessageKey, string>> = { en: EN, es: ES };
const ERROR_CATALOGS: Record<Lang, Record<ErrorCode, (d: ErrorDetails) => string>> = {
  en: ERROR_TEXT_EN,
  es: ERROR_TEXT_ES,
};

/** Fills `{name}` placeholders; an unknown placeholder stays visible so tests catch it. */
export function interpolate(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  return interpolate(CATALOGS[lang][key], vars);
}

/**
 * "1 file" / "3 files": picks `<key>One` or `<key>Other` by the language's plural rules, with
 * `{count}` filled in as a localised number.
 */
export function plural(
  lang: Lang,
  keys: { one: MessageKey; other: MessageKey },
  count: number,
  vars: Vars = {},
): string {
  const form = new Intl.PluralRules(lang).select(count) === 'one' ? keys.one : keys.other;
  return translate(lang, form, { ...vars, count: count.toLocaleString(lang) });
}

/**
 * The user's words for an error: chosen by code, filled from the safe details. The developer
 * message is never shown; a code outside the list (a bug) reads as the INTERNAL text.
 */
export function errorText(lang: Lang, error: SerializedAppError): string {
  const text = ERROR_CATALOGS[lang][error.code] ?? ERROR_CATALOGS[lang].INTERNAL;
  return text(error.details ?? {});
}
