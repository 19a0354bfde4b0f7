/** The languages people may choose: the web app's twelve, and the server's catalogs. */
export const LANGUAGES = ['en', 'fa', 'ar', 'ru', 'zh', 'tr', 'ur', 'hi', 'pt-BR', 'id', 'uz', 'kk'] as const;

export type Language = (typeof LANGUAGES)[number];

/** A stored language, or English when none was chosen (or it is not one of ours). */
export function languageOr(language: string | undefined): Language {
  return (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : 'en';
}
