import type { FatherTexts } from '../bot-father-texts.js';

export const tr: FatherTexts = {
  intro: 'Bot oluşturmana ve yönetmene yardım edebilirim.',
  commands: {
    newbot: 'yeni bot oluştur',
    mybots: 'botlarını listele',
    setname: 'botun adını değiştir',
    setdescription: 'botun açıklamasını değiştir',
    setabouttext: 'botun hakkında metnini değiştir',
    setcommands: 'botun komut listesini değiştir',
    token: 'bot için yeni jeton oluştur',
    revoke: 'botun jetonunu iptal et (yerine yenisi gelir)',
    setjoingroups: 'bot gruplara eklenebilir mi?',
    setprivacy: 'gruplarda gizlilik modu',
    setinline: 'satır içi mod (herhangi bir sohbette "@bot sorgu")',
    setinlinefeedback: 'kişilerin hangi satır içi sonucu seçtiğini öğren',
    deletebot: 'botu sil',
    cancel: 'geçerli işlemi durdur',
  },
  cancelled: 'Tamam, iptal edildi. Neler yapabildiğimi görmek için /help gönder.',
  askName: 'Pekâlâ, yeni bir bot. Adı ne olsun? Lütfen botun için bir ad seç.',
  askUsername:
    'Güzel. Şimdi botun için bir kullanıcı adı seç: 5-32 karakter a-z, rakam veya _, sonu "bot" ile bitsin (örneğin tetris_bot).',
  created:
    "Tamam! Yeni botun @{username}. HTTP API'ye erişmek için bu jetonu kullan:\n{token}\n\nGizli tut: jetona sahip olan botunu yönetir.",
  myBots: 'Botların:',
  noBots: 'Henüz botun yok. Bir tane oluşturmak için /newbot kullan.',
  chooseBot: 'Bir bot seç.',
  newToken: '@{username} için yeni jeton (eskisi artık çalışmıyor):\n{token}',
  updated: 'Başarılı! @{username} güncellendi. /help',
  notDeleted: 'Silinmedi. /help',
  deleted: 'Tamam! @{username} silindi. /help',
  sorry: 'Üzgünüm: {reason}.',
  setname: 'Tamam. Botunun yeni adını gönder.',
  setdescription: 'Tamam. Yeni açıklamayı gönder (botla boş bir sohbette görünen metin).',
  setabouttext: 'Tamam. Yeni hakkında metnini gönder (en fazla 120 karakter, botun profilinde görünür).',
  setcommands:
    'Tamam. Botunun komut listesini her satıra bir tane olacak şekilde şu biçimde gönder:\n\ncommand1 - Açıklama\ncommand2 - Başka bir açıklama',
  setjoingroups: 'Botun gruplara eklenebilsin mi?',
  setprivacy:
    'Gizlilik modu açıkken bot gruplarda yalnızca komutları, kendisine verilen yanıtları ve kendisinden bahseden mesajları görür. Açılsın mı?',
  setinline:
    'Kişilerin @ ve botunun adını yazdıktan sonra göreceği yer tutucu metni gönder (örneğin "Ara..."). Satır içi modu kapatmak için /empty gönder.',
  setinlinefeedback:
    'Botun, kişilerin hangi satır içi sonucu gönderdiğini öğrensin mi (chosen_inline_result)?',
  deletebot: 'Botun jetonuyla birlikte silinecek. Emin misin? Onaylamak için "{confirm}" gönder.',
  enable: 'Aç',
  disable: 'Kapat',
  confirm: 'Evet, kesinlikle eminim.',
};
