import { useId } from 'preact/hooks';
import { setAccountPrefs } from '../../app/account-settings';
import { prefs } from '../../app/prefs';
import { LANGUAGES, language, loadCatalog, t } from '../../i18n/i18n';

/** Chooses the app's language ("automatic" follows the browser). */
export function LanguageSelect() {
  const id = useId();
  return (
    <div class="field inline">
      <label for={id}>{t('settings.language')}</label>
      <select
        id={id}
        value={prefs.value.language}
        onChange={async (event) => {
          setAccountPrefs({ language: event.currentTarget.value });
          await loadCatalog(language.value);
        }}
      >
        <option value="auto">{t('settings.automatic')}</option>
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
