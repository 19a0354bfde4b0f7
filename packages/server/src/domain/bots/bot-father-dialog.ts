import type { Caller } from '../caller.js';
import { DomainError } from '../errors.js';
import type { BotCommand, BotsService } from './bots-service.js';

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

const HELP = `I can help you make and manage bots.

/newbot - make a new bot
/mybots - list your bots
/setname - change a bot's name
/setdescription - change a bot's description
/setabouttext - change a bot's about text
/setcommands - change a bot's list of commands
/token - make a new token for a bot
/revoke - revoke a bot's token (a new one replaces it)
/setjoingroups - can the bot be added to groups?
/setprivacy - privacy mode in groups
/setinline - inline mode ("@bot query" in any chat)
/setinlinefeedback - learn which inline result people choose
/deletebot - delete a bot
/cancel - stop the current operation`;

/** What each command asks for once the bot is chosen. */
const PROMPTS: Record<string, FatherAction> = {
  setname: { text: 'OK. Send me the new name for your bot.' },
  setdescription: {
    text: 'OK. Send me the new description (what people see in an empty chat with the bot).',
  },
  setabouttext: {
    text: "OK. Send me the new about text (up to 120 characters, shown in the bot's profile).",
  },
  setcommands: {
    text: 'OK. Send me a list of commands for your bot, one per line, in this format:\n\ncommand1 - Description\ncommand2 - Another description',
  },
  setjoingroups: { text: 'Can your bot be added to groups?', choices: ['Enable', 'Disable'] },
  setprivacy: {
    text: 'With privacy mode on, the bot sees in groups only commands, replies to it and mentions of it. Turn it on?',
    choices: ['Enable', 'Disable'],
  },
  setinline: {
    text: 'Send me the placeholder people see after typing @ and your bot\'s name (for example "Search..."). Send /empty to switch inline mode off.',
  },
  setinlinefeedback: {
    text: 'Should your bot learn which inline result people send (chosen_inline_result)?',
    choices: ['Enable', 'Disable'],
  },
  deletebot: {
    text: 'Your bot will be deleted, with its token. Are you sure? Send "Yes, I am totally sure." to confirm.',
    choices: ['Yes, I am totally sure.', '/cancel'],
  },
};
const NEEDS_BOT = new Set([...Object.keys(PROMPTS), 'token', 'revoke']);

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
): Promise<{ reply: FatherAction; next?: Conversation }> {
  try {
    const command = /^\/([a-z]+)(?:@\w+)?(?:\s+(.*))?$/i.exec(text);
    // "/empty" answers /setinline's question: it is not a command of its own.
    const answersInline =
      current?.command === 'setinline' && current.step === 'value' && /^\/empty$/i.test(text);
    if (command && !answersInline)
      return await startCommand(bots, owner, (command[1] as string).toLowerCase(), command[2]?.trim());
    if (!current) return { reply: { text: HELP } };
    return await continueCommand(bots, owner, current, text);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { reply: { text: `Sorry: ${error.message}.` }, next: current };
  }
}

async function startCommand(bots: BotsService, owner: Caller, command: string, argument?: string) {
  if (command === 'cancel') return { reply: { text: 'OK, cancelled. Send /help for what I can do.' } };
  if (command === 'newbot') {
    return {
      reply: { text: 'Alright, a new bot. How are we going to call it? Please choose a name for your bot.' },
      next: { command, step: 'value' } as Conversation,
    };
  }
  if (command === 'mybots') {
    const mine = await bots.ownedBots(owner);
    const text = mine.length
      ? `Your bots:\n${mine.map((b) => `@${b.username} - ${b.displayName}`).join('\n')}`
      : 'You have no bots yet. Use /newbot to make one.';
    return { reply: { text } };
  }
  if (!NEEDS_BOT.has(command)) return { reply: { text: HELP } };
  const conversation: Conversation = { command, step: 'bot' };
  if (argument) return continueCommand(bots, owner, conversation, argument);
  const mine = await bots.ownedBots(owner);
  if (mine.length === 0) return { reply: { text: 'You have no bots yet. Use /newbot to make one.' } };
  return { reply: { text: 'Choose a bot.', choices: mine.map((b) => `@${b.username}`) }, next: conversation };
}

async function continueCommand(
  bots: BotsService,
  owner: Caller,
  conversation: Conversation,
  text: string,
): Promise<{ reply: FatherAction; next?: Conversation }> {
  if (conversation.command === 'newbot') return newBot(bots, owner, conversation, text);
  if (conversation.step === 'bot') {
    const bot = await bots.ownedBot(owner, text);
    const chosen = { ...conversation, botId: bot.id, botUsername: bot.username, step: 'value' as const };
    if (conversation.command === 'token' || conversation.command === 'revoke') {
      // COMPAT: tokens are stored hashed, so /token cannot show the current one: it makes a new one, as /revoke.
      const token = await bots.regenerateToken(owner, bot.id);
      return {
        reply: {
          text: `Here is the new token for @${bot.username} (the old one no longer works):\n${token}`,
        },
      };
    }
    return { reply: PROMPTS[conversation.command] as FatherAction, next: chosen };
  }
  const botId = conversation.botId as number;
  const botCaller: Caller = { userId: botId, sessionId: 0 };
  const done = { reply: { text: `Success! @${conversation.botUsername} is updated. /help` } };
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
      const enabled = /^enable$/i.test(text);
      if (!enabled && !/^disable$/i.test(text))
        return { reply: PROMPTS[conversation.command] as FatherAction, next: conversation };
      if (conversation.command === 'setprivacy') await bots.setPrivacy(owner, botId, enabled);
      else if (conversation.command === 'setinlinefeedback')
        await bots.setInlineFeedback(owner, botId, enabled);
      else await bots.setCanJoinGroups(owner, botId, enabled);
      return done;
    }
    case 'deletebot':
      if (text !== 'Yes, I am totally sure.') return { reply: { text: 'Not deleted. /help' } };
      await bots.deleteBot(owner, botId);
      return { reply: { text: `Done! @${conversation.botUsername} is deleted. /help` } };
    default:
      return { reply: { text: HELP } };
  }
}

async function newBot(bots: BotsService, owner: Caller, conversation: Conversation, text: string) {
  if (!conversation.name) {
    return {
      reply: {
        text: 'Good. Now choose a username for your bot: 5-32 letters a-z, digits or _, ending in "bot" (for example tetris_bot).',
      },
      next: { ...conversation, name: text, step: 'username' as const },
    };
  }
  const { user, token } = await bots.create(owner.userId, text, conversation.name);
  return {
    reply: {
      text: `Done! Your new bot is @${user.username}. Use this token to access the HTTP API:\n${token}\n\nKeep it secret: anyone with it controls your bot.`,
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
