import type { FatherTexts } from '../bot-father-texts.js';

export const en: FatherTexts = {
  intro: 'I can help you make and manage bots.',
  commands: {
    newbot: 'make a new bot',
    mybots: 'list your bots',
    setname: "change a bot's name",
    setdescription: "change a bot's description",
    setabouttext: "change a bot's about text",
    setcommands: "change a bot's list of commands",
    token: 'make a new token for a bot',
    revoke: "revoke a bot's token (a new one replaces it)",
    setjoingroups: 'can the bot be added to groups?',
    setprivacy: 'privacy mode in groups',
    setinline: 'inline mode ("@bot query" in any chat)',
    setinlinefeedback: 'learn which inline result people choose',
    deletebot: 'delete a bot',
    cancel: 'stop the current operation',
  },
  cancelled: 'OK, cancelled. Send /help for what I can do.',
  askName: 'Alright, a new bot. How are we going to call it? Please choose a name for your bot.',
  askUsername:
    'Good. Now choose a username for your bot: 5-32 letters a-z, digits or _, ending in "bot" (for example tetris_bot).',
  created:
    'Done! Your new bot is @{username}. Use this token to access the HTTP API:\n{token}\n\nKeep it secret: anyone with it controls your bot.',
  myBots: 'Your bots:',
  noBots: 'You have no bots yet. Use /newbot to make one.',
  chooseBot: 'Choose a bot.',
  newToken: 'Here is the new token for @{username} (the old one no longer works):\n{token}',
  updated: 'Success! @{username} is updated. /help',
  notDeleted: 'Not deleted. /help',
  deleted: 'Done! @{username} is deleted. /help',
  sorry: 'Sorry: {reason}.',
  setname: 'OK. Send me the new name for your bot.',
  setdescription: 'OK. Send me the new description (what people see in an empty chat with the bot).',
  setabouttext: "OK. Send me the new about text (up to 120 characters, shown in the bot's profile).",
  setcommands:
    'OK. Send me a list of commands for your bot, one per line, in this format:\n\ncommand1 - Description\ncommand2 - Another description',
  setjoingroups: 'Can your bot be added to groups?',
  setprivacy:
    'With privacy mode on, the bot sees in groups only commands, replies to it and mentions of it. Turn it on?',
  setinline:
    'Send me the placeholder people see after typing @ and your bot\'s name (for example "Search..."). Send /empty to switch inline mode off.',
  setinlinefeedback: 'Should your bot learn which inline result people send (chosen_inline_result)?',
  deletebot: 'Your bot will be deleted, with its token. Are you sure? Send "{confirm}" to confirm.',
  enable: 'Enable',
  disable: 'Disable',
  confirm: 'Yes, I am totally sure.',
};
