import { type Language, languageOr } from '../settings/languages.js';

/** What a push says that the server writes itself, in the recipient's language. */
export interface PushTexts {
  /** The body when the subscription hides previews. */
  newMessage: string;
  /** A service message telling the recipient they were added (or the group made with them). */
  addedYou: string;
  pinned: string;
}

/** `{actor}` is the name of who did it, as given. */
const CATALOGS: Record<Language, PushTexts> = {
  en: {
    newMessage: 'New message',
    addedYou: '{actor} added you to the group',
    pinned: '{actor} pinned a message',
  },
  fa: {
    newMessage: 'پیام تازه',
    addedYou: '{actor} شما را به گروه افزود',
    pinned: '{actor} پیامی را سنجاق کرد',
  },
  ar: { newMessage: 'رسالة جديدة', addedYou: 'أضافك {actor} إلى المجموعة', pinned: 'ثبّت {actor} رسالة' },
  ru: {
    newMessage: 'Новое сообщение',
    // The sentence avoids the verb's gender, as the app's own service messages do.
    addedYou: '{actor}: вы добавлены в группу',
    pinned: '{actor}: закреплено сообщение',
  },
  zh: { newMessage: '新消息', addedYou: '{actor} 将你加入了群组', pinned: '{actor} 置顶了一条消息' },
  tr: {
    newMessage: 'Yeni mesaj',
    addedYou: '{actor} seni gruba ekledi',
    pinned: '{actor} bir mesajı sabitledi',
  },
  ur: {
    newMessage: 'نیا پیغام',
    addedYou: '{actor} نے آپ کو گروپ میں شامل کیا',
    pinned: '{actor} نے ایک پیغام پن کیا',
  },
  hi: { newMessage: 'नया मैसेज', addedYou: '{actor} ने आपको ग्रुप में जोड़ा', pinned: '{actor} ने एक मैसेज पिन किया' },
  'pt-BR': {
    newMessage: 'Nova mensagem',
    addedYou: '{actor} adicionou você ao grupo',
    pinned: '{actor} fixou uma mensagem',
  },
  id: {
    newMessage: 'Pesan baru',
    addedYou: '{actor} menambahkan Anda ke grup',
    pinned: '{actor} menyematkan pesan',
  },
  uz: {
    newMessage: 'Yangi xabar',
    addedYou: '{actor} sizni guruhga qoʻshdi',
    pinned: '{actor} xabarni qadab qoʻydi',
  },
  kk: { newMessage: 'Жаңа хабар', addedYou: '{actor} сізді топқа қосты', pinned: '{actor} хабарды бекітті' },
};

export function pushTexts(language: string | undefined): PushTexts {
  return CATALOGS[languageOr(language)];
}

export function withActor(text: string, actor: string): string {
  return text.replace('{actor}', actor);
}
