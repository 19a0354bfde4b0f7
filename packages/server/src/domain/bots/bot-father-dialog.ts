import type { Caller } from '../caller.js';
import { DomainError } from '../errors.js';
import type { BotCommand, BotsService } from './bots-service.js';
import {
  type FatherTexts,
  fill,
  helpText,
  isChoice,
  PROMPT_COMMANDS,
  type PromptCommand,
} from './bot-father-texts.js';

/** What the person is in the middle of: the command, the bot it is about, what is asked now. */
export interface Conversation {
  command: string;
  botId?: number;
  botUsername?: string;
  /** newbot: the name chosen, waiting for the username. */
  name?: string;
  step: 'bot' | 'value' | 'username';
}

/** A reply: text, and choices offered as a keyboard. */
export interface FatherAction {
  text: string;
  choices?: string[];
}

/** What each command asks for once the bot is chosen. */
function prompt(texts: FatherTexts, command: PromptCommand): FatherAction {
  if (command === 'setjoingroups' || command === 'setprivacy' || command === 'setinlinefeedback')
    return { text: texts[command], choices: [texts.enable, texts.disable] };
  if (command === 'deletebot')
    return { text: fill(texts.deletebot, { confirm: texts.confirm }), choices: [texts.confirm, '/cancel'] };
  return { text: texts[command] };
}

const NEEDS_BOT = new Set<string>([...PROMPT_COMMANDS, 'token', 'revoke']);

/**
 * One turn of a conversation with the system bot: the person's message (and the conversation so
 * far) in, the reply and the conversation after it out. Every change goes through BotsService,
 * which checks that the person owns the bot.
 */
export async function converse(
  bots: BotsService,
  owner: Caller,
  current: Conversation | undefined,
  text: string,
  texts: FatherTexts,
): Promise<{ reply: FatherAction; next?: Conversation }> {
  try {
    const command = /^\/([a-z]+)(?:@\w+)?(?:\s+(.*))?$/i.exec(text);
    // "/empty" answers /setinline's question: it is not a command of its own.
    const answersInline =
      current?.command === 'setinline' && current.step === 'value' && /^\/empty$/i.test(text);
    if (command && !answersInline)
      return await startCommand(bots, owner, texts, (command[1] as string).toLowerCase(), command[2]?.trim());
    if (!current) return { reply: { text: helpText(texts) } };
    return await continueCommand(bots, owner, texts, current, text);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { reply: { text: fill(texts.sorry, { reason: error.message }) }, next: current };
  }
}

async function startCommand(
  bots: BotsService,
  owner: Caller,
  texts: FatherTexts,
  command: string,
  argument?: string,
) {
  if (command === 'cancel') return { reply: { text: texts.cancelled } };
  if (command === 'newbot') {
    return {
      reply: { text: texts.askName },
      next: { command, step: 'value' } as Conversation,
    };
  }
  if (command === 'mybots') {
    const mine = await bots.ownedBots(owner);
    const text = mine.length
      ? `${texts.myBots}\n${mine.map((b) => `@${b.username} - ${b.displayName}`).join('\n')}`
      : texts.noBots;
    return { reply: { text } };
  }
  if (!NEEDS_BOT.has(command)) return { reply: { text: helpText(texts) } };
  const conversation: Conversation = { command, step: 'bot' };
  if (argument) return continueCommand(bots, owner, texts, conversation, argument);
  const mine = await bots.ownedBots(owner);
  if (mine.length === 0) return { reply: { text: texts.noBots } };
  return { reply: { text: texts.chooseBot, choices: mine.map((b) => `@${b.username}`) }, next: conversation };
}

async function continueCommand(
  bots: BotsService,
  owner: Caller,
  texts: FatherTexts,
  conversation: Conversation,
  text: string,
): Promise<{ reply: FatherAction; next?: Conversation }> {
  if (conversation.command === 'newbot') return newBot(bots, owner, texts, conversation, text);
  if (conversation.step === 'bot') {
    const bot = await bots.ownedBot(owner, text);
    const chosen = { ...conversation, botId: bot.id, botUsername: bot.username, step: 'value' as const };
    if (conversation.command === 'token' || conversation.command === 'revoke') {
      // COMPAT: tokens are stored hashed, so /token cannot show the current one: it makes a new one, as /revoke.
      const token = await bots.regenerateToken(owner, bot.id);
      return {
        reply: {
          text: fill(texts.newToken, { username: bot.username, token }),
        },
      };
    }
    return { reply: prompt(texts, conversation.command as PromptCommand), next: chosen };
  }
  const botId = conversation.botId as number;
  const botCaller: Caller = { userId: botId, sessionId: 0 };
  const done = { reply: { text: fill(texts.updated, { username: conversation.botUsername ?? '' }) } };
  switch (conversation.command) {
    case 'setname':
      await bots.setName(botCaller, text);
      return done;
    case 'setdescription':
      await bots.setDescription(botCaller, text, 'description');
      return done;
    case 'setabouttext':
      await bots.setDescription(botCaller, text, 'short_description');
      return done;
    case 'setcommands':
      await bots.setCommands(botCaller, parseCommands(text));
      return done;
    case 'setinline':
      await bots.setInline(owner, botId, /^\/empty$/i.test(text) ? '' : text);
      return done;
    case 'setjoingroups':
    case 'setprivacy':
    case 'setinlinefeedback': {
      const enabled = isChoice(text, texts, 'enable');
      if (!enabled && !isChoice(text, texts, 'disable'))
        return { reply: prompt(texts, conversation.command), next: conversation };
      if (conversation.command === 'setprivacy') await bots.setPrivacy(owner, botId, enabled);
      else if (conversation.command === 'setinlinefeedback')
        await bots.setInlineFeedback(owner, botId, enabled);
      else await bots.setCanJoinGroups(owner, botId, enabled);
      return done;
    }
    case 'deletebot':
      if (!isChoice(text, texts, 'confirm')) return { reply: { text: texts.notDeleted } };
      await bots.deleteBot(owner, botId);
      return { reply: { text: fill(texts.deleted, { username: conversation.botUsername ?? '' }) } };
    default:
      return { reply: { text: helpText(texts) } };
  }
}

async function newBot(
  bots: BotsService,
  owner: Caller,
  texts: FatherTexts,
  conversation: Conversation,
  text: string,
) {
  if (!conversation.name) {
    return {
      reply: {
        text: texts.askUsername,
      },
      next: { ...conversation, name: text, step: 'username' as const },
    };
  }
  const { user, token } = await bots.create(owner.userId, text, conversation.name);
  return {
    reply: {
      text: fill(texts.created, { username: user.username ?? '', token }),
    },
  };
}

/** "command - description" lines, as Telegram's BotFather reads them. */
function parseCommands(text: string): BotCommand[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [command, ...rest] = line.split(/\s+-\s+/);
      return { command: (command ?? '').replace(/^\//, '').toLowerCase(), description: rest.join(' - ') };
    });
}
