import { type Language, languageOr } from '../settings/languages.js';
import { ar } from './bot-father-locales/ar.js';
import { en } from './bot-father-locales/en.js';
import { fa } from './bot-father-locales/fa.js';
import { hi } from './bot-father-locales/hi.js';
import { id } from './bot-father-locales/id.js';
import { kk } from './bot-father-locales/kk.js';
import { ptBR } from './bot-father-locales/pt-BR.js';
import { ru } from './bot-father-locales/ru.js';
import { tr } from './bot-father-locales/tr.js';
import { ur } from './bot-father-locales/ur.js';
import { uz } from './bot-father-locales/uz.js';
import { zh } from './bot-father-locales/zh.js';

/** BotFather's commands, in the order /help lists them. */
export const FATHER_COMMANDS = [
  'newbot',
  'mybots',
  'setname',
  'setdescription',
  'setabouttext',
  'setcommands',
  'token',
  'revoke',
  'setjoingroups',
  'setprivacy',
  'setinline',
  'setinlinefeedback',
  'deletebot',
  'cancel',
] as const;

/** Commands that ask for something once the bot is chosen: each has its prompt. */
export const PROMPT_COMMANDS = [
  'setname',
  'setdescription',
  'setabouttext',
  'setcommands',
  'setjoingroups',
  'setprivacy',
  'setinline',
  'setinlinefeedback',
  'deletebot',
] as const;

export type PromptCommand = (typeof PROMPT_COMMANDS)[number];

/**
 * What BotFather says, in one language. `{username}`, `{token}`, `{reason}` and `{confirm}` are
 * filled in by `fill`. Commands and the command list's format stay as they are in every language.
 */
export type FatherTexts = {
  intro: string;
  commands: Record<(typeof FATHER_COMMANDS)[number], string>;
  cancelled: string;
  askName: string;
  askUsername: string;
  created: string;
  myBots: string;
  noBots: string;
  chooseBot: string;
  newToken: string;
  updated: string;
  notDeleted: string;
  deleted: string;
  sorry: string;
  enable: string;
  disable: string;
  /** The sentence that confirms deleting a bot. */
  confirm: string;
} & Record<PromptCommand, string>;

const CATALOGS: Record<Language, FatherTexts> = { en, fa, ar, ru, zh, tr, ur, hi, 'pt-BR': ptBR, id, uz, kk };

/** BotFather's texts in the person's chosen language, English when they chose none. */
export function fatherTexts(language: string | undefined): FatherTexts {
  return CATALOGS[languageOr(language)];
}

export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

export function helpText(texts: FatherTexts): string {
  return `${texts.intro}\n\n${FATHER_COMMANDS.map((command) => `/${command} - ${texts.commands[command]}`).join('\n')}`;
}

/** A choice typed or tapped: in the person's language or in English (older keyboards, habits). */
export function isChoice(
  text: string,
  texts: FatherTexts,
  choice: 'enable' | 'disable' | 'confirm',
): boolean {
  const wanted = [texts[choice], en[choice]].map((s) => s.toLocaleLowerCase());
  return wanted.includes(text.trim().toLocaleLowerCase());
}
