import { effect, signal } from '@preact/signals';
import { direction, language } from '../i18n/i18n';
import { prefs } from './prefs';

const systemDark = signal(false);

/** Applies the theme (light, dark, or the system's) and the language's direction to the page. */
export function startDocumentEffects(): () => void {
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  if (media) {
    systemDark.value = media.matches;
    media.addEventListener('change', (event) => {
      systemDark.value = event.matches;
    });
  }
  return effect(() => {
    const root = document.documentElement;
    const choice = prefs.value.theme;
    const dark = choice === 'dark' || (choice === 'system' && systemDark.value);
    root.dataset.theme = dark ? 'dark' : 'light';
    root.lang = language.value;
    // One stylesheet for every language: the layout mirrors through CSS logical properties.
    root.dir = direction.value;
  });
}
