import { setLanguage, useI18n, type Lang } from '../i18n/index.ts';

export function LangSwitch() {
  const { t, lang } = useI18n();
  const opt = (l: Lang, label: string) => (
    <button
      type="button"
      className={lang === l ? 'active' : ''}
      aria-pressed={lang === l}
      data-testid={`lang-${l}`}
      onClick={() => setLanguage(l)}
    >
      {label}
    </button>
  );
  return (
    <div className="lang-switch" role="group" aria-label={t('header.language')}>
      {opt('ru', 'RU')}
      {opt('en', 'EN')}
    </div>
  );
}
