import type { FatherTexts } from '../bot-father-texts.js';

export const uz: FatherTexts = {
  intro: 'Botlar yaratish va ularni boshqarishda yordam bera olaman.',
  commands: {
    newbot: 'yangi bot yaratish',
    mybots: 'botlaringiz roʻyxati',
    setname: 'bot nomini oʻzgartirish',
    setdescription: 'bot tavsifini oʻzgartirish',
    setabouttext: 'bot haqidagi matnni oʻzgartirish',
    setcommands: 'bot buyruqlari roʻyxatini oʻzgartirish',
    token: 'bot uchun yangi token yaratish',
    revoke: 'bot tokenini bekor qilish (oʻrniga yangisi beriladi)',
    setjoingroups: 'botni guruhlarga qoʻshish mumkinmi?',
    setprivacy: 'guruhlarda maxfiylik rejimi',
    setinline: 'inline rejim (istalgan chatda "@bot soʻrov")',
    setinlinefeedback: 'odamlar qaysi inline natijani tanlashini bilish',
    deletebot: 'botni oʻchirish',
    cancel: 'joriy amalni toʻxtatish',
  },
  cancelled: 'Mayli, bekor qilindi. Nimalar qila olishimni bilish uchun /help yuboring.',
  askName: 'Yaxshi, yangi bot. Uni qanday ataymiz? Botingiz uchun nom tanlang.',
  askUsername:
    'Yaxshi. Endi botingiz uchun foydalanuvchi nomini tanlang: 5–32 ta a-z harfi, raqam yoki _, oxiri "bot" bilan tugasin (masalan, tetris_bot).',
  created:
    'Tayyor! Yangi botingiz — @{username}. HTTP API’dan foydalanish uchun ushbu token:\n{token}\n\nUni sir saqlang: token kimda boʻlsa, botingizni oʻsha boshqaradi.',
  myBots: 'Botlaringiz:',
  noBots: 'Hali botingiz yoʻq. Yaratish uchun /newbot buyrugʻidan foydalaning.',
  chooseBot: 'Botni tanlang.',
  newToken: '@{username} uchun yangi token (eskisi endi ishlamaydi):\n{token}',
  updated: 'Muvaffaqiyatli! @{username} yangilandi. /help',
  notDeleted: 'Oʻchirilmadi. /help',
  deleted: 'Tayyor! @{username} oʻchirildi. /help',
  sorry: 'Kechirasiz: {reason}.',
  setname: 'Mayli. Botingizning yangi nomini yuboring.',
  setdescription: 'Mayli. Yangi tavsifni yuboring (bot bilan boʻsh chatda odamlar koʻradigan matn).',
  setabouttext: 'Mayli. Bot haqidagi yangi matnni yuboring (120 belgigacha, bot profilida koʻrinadi).',
  setcommands:
    'Mayli. Botingiz buyruqlari roʻyxatini har qatorda bittadan, quyidagi shaklda yuboring:\n\ncommand1 - Tavsif\ncommand2 - Boshqa tavsif',
  setjoingroups: 'Botingizni guruhlarga qoʻshish mumkin boʻlsinmi?',
  setprivacy:
    'Maxfiylik rejimida bot guruhlarda faqat buyruqlarni, unga yozilgan javoblarni va u tilga olingan xabarlarni koʻradi. Yoqilsinmi?',
  setinline:
    'Odamlar @ va botingiz nomini yozgandan keyin koʻradigan matnni yuboring (masalan, "Qidirish..."). Inline rejimni oʻchirish uchun /empty yuboring.',
  setinlinefeedback: 'Botingiz odamlar qaysi inline natijani yuborishini bilsinmi (chosen_inline_result)?',
  deletebot:
    'Botingiz tokeni bilan birga oʻchiriladi. Ishonchingiz komilmi? Tasdiqlash uchun "{confirm}" deb yuboring.',
  enable: 'Yoqish',
  disable: 'Oʻchirib qoʻyish',
  confirm: 'Ha, mutlaqo ishonchim komil.',
};
