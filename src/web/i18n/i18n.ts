import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Language, languageFromPreferences } from '../../contract/locale.ts';
import { en } from './en.ts';
import { ja } from './ja.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
  }
}

/**
 * Starts translation in the browser's language; the account's own language replaces it once
 * signed in (see `useAccountLanguage`). The page's `lang` follows, for screen readers.
 */
export function startI18n(preferences: readonly string[]): typeof i18next {
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ja: { translation: ja } },
    lng: languageFromPreferences(preferences),
    fallbackLng: 'en',
    // React escapes what it renders; escaping here too would show entities.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18next;
}

/** Switches the whole app to `language` at once. */
export function switchLanguage(language: Language): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
}
