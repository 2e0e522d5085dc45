import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { SerializedAppError } from '../../shared/errors.ts';
import {
  formatDate,
  formatDay,
  formatEta,
  formatRate,
  formatSize,
  type EtaUnits,
} from '../lib/format.ts';
import type { MessageKey } from './en.ts';
import { errorText, plural, translate, type Lang, type Vars } from './translate.ts';

export interface I18n {
  lang: Lang;
  t(key: MessageKey, vars?: Vars): string;
  plural(keys: { one: MessageKey; other: MessageKey }, count: number, vars?: Vars): string;
  errorText(error: SerializedAppError): string;
  size(bytes: number): string;
  rate(bytesPerSecond: number): string;
  eta(seconds: number | undefined): string;
  date(ms: number): string;
  /** The date alone, without the time of day. */
  day(ms: number): string;
  number(value: number): string;
}

export function makeI18n(lang: Lang): I18n {
  const units: EtaUnits = {
    hours: translate(lang, 'unit.hours'),
    minutes: translate(lang, 'unit.minutes'),
    seconds: translate(lang, 'unit.seconds'),
  };
  const numbers = new Intl.NumberFormat(lang);

  return {
    lang,
    t: (key, vars) => translate(lang, key, vars),
    plural: (keys, count, vars) => plural(lang, keys, count, vars),
    errorText: (error) => errorText(lang, error),
    size: (bytes) => formatSize(bytes, lang),
    rate: (bps) => formatRate(bps, lang),
    // "2 min 05 s left": a bare duration next to a rate reads as elapsed time.
    eta: (seconds) => {
      const time = formatEta(seconds, units);
      return time === '—' ? time : translate(lang, 'unit.left', { time });
    },
    date: (ms) => formatDate(ms, lang),
    day: (ms) => formatDay(ms, lang),
    number: (value) => numbers.format(value),
  };
}

const I18nContext = createContext<I18n>(makeI18n('en'));

export interface I18nProviderProps {
  lang: Lang;
  children: ReactNode;
}

export function I18nProvider({ lang, children }: I18nProviderProps) {
  const value = useMemo(() => makeI18n(lang), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language's texts and formatters. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
