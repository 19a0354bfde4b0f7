import { loadCatalogPart } from '../i18n/i18n';

/**
 * The lazily loaded screens (lazy-screens.ts, in the side panels' chunk), with the part of the
 * locale their strings are in.
 */
export function loadScreens(): Promise<typeof import('./lazy-screens')> {
  return Promise.all([import('../features/conversation/side-panels'), loadCatalogPart('panels')]).then(
    ([screens]) => screens,
  );
}
