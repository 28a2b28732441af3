import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { messages } from '../../domain/messages.ts';
import { en } from './en.ts';
import { ru } from './ru.ts';

export type Lang = 'ru' | 'en';
const STORAGE_KEY = 'rackdesk.lang';

/** The server catalog writes `{name}`; i18next wants `{{name}}`. */
const toI18next = (catalog: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(catalog).map(([k, v]) => [k, v.replace(/\{(\w+)\}/g, '{{$1}}')]));

export function storedLanguage(): Lang | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'ru' || v === 'en' ? v : null;
  } catch {
    return null;
  }
}

void i18n.use(initReactI18next).init({
  resources: {
    ru: { ui: ru, msg: toI18next(messages.ru) },
    en: { ui: en, msg: toI18next(messages.en) },
  },
  lng: storedLanguage() ?? 'ru',
  fallbackLng: 'ru',
  supportedLngs: ['ru', 'en'],
  ns: ['ui', 'msg'],
  defaultNS: 'ui',
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  initAsync: false,
});

document.documentElement.lang = i18n.language;

export function currentLanguage(): Lang {
  return i18n.language === 'en' ? 'en' : 'ru';
}

/** Switches the UI language; `remember` stores the choice for the next visit. */
export function setLanguage(lang: Lang, remember = true): void {
  if (remember) {
    try {
      window.localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
  }
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/** `t` for UI texts, `tm` for validation/error message keys from the server catalog, and the language. */
export function useI18n() {
  const { t, i18n: inst } = useTranslation('ui');
  const lang: Lang = inst.language === 'en' ? 'en' : 'ru';
  // A parameter that is itself a catalog key (`servicekind.colocation`, `param.colocation.kw`) is shown translated, as on the server.
  const tm = (key: string, params?: Record<string, unknown>): string => {
    if (!inst.exists(key, { ns: 'msg' })) return key;
    const shown = Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, typeof v === 'string' && inst.exists(v, { ns: 'msg' }) ? t(v, { ns: 'msg' }) : v]));
    return String(t(key, { ns: 'msg', ...shown }));
  };
  return { t, tm, lang };
}

export default i18n;
