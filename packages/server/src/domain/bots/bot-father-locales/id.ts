import type { FatherTexts } from '../bot-father-texts.js';

export const id: FatherTexts = {
  intro: 'Saya bisa membantu Anda membuat dan mengelola bot.',
  commands: {
    newbot: 'buat bot baru',
    mybots: 'daftar bot Anda',
    setname: 'ubah nama bot',
    setdescription: 'ubah deskripsi bot',
    setabouttext: 'ubah teks tentang bot',
    setcommands: 'ubah daftar perintah bot',
    token: 'buat token baru untuk bot',
    revoke: 'cabut token bot (diganti token baru)',
    setjoingroups: 'bisakah bot ditambahkan ke grup?',
    setprivacy: 'mode privasi di grup',
    setinline: 'mode inline ("@bot kueri" di chat mana pun)',
    setinlinefeedback: 'ketahui hasil inline mana yang dipilih orang',
    deletebot: 'hapus bot',
    cancel: 'hentikan operasi saat ini',
  },
  cancelled: 'Oke, dibatalkan. Kirim /help untuk melihat apa yang bisa saya lakukan.',
  askName: 'Baik, bot baru. Mau dinamai apa? Silakan pilih nama untuk bot Anda.',
  askUsername:
    'Bagus. Sekarang pilih nama pengguna untuk bot Anda: 5–32 huruf a-z, angka, atau _, diakhiri "bot" (misalnya tetris_bot).',
  created:
    'Selesai! Bot baru Anda adalah @{username}. Gunakan token ini untuk mengakses HTTP API:\n{token}\n\nRahasiakan: siapa pun yang memilikinya mengendalikan bot Anda.',
  myBots: 'Bot Anda:',
  noBots: 'Anda belum punya bot. Gunakan /newbot untuk membuatnya.',
  chooseBot: 'Pilih bot.',
  newToken: 'Ini token baru untuk @{username} (token lama tidak berlaku lagi):\n{token}',
  updated: 'Berhasil! @{username} diperbarui. /help',
  notDeleted: 'Tidak dihapus. /help',
  deleted: 'Selesai! @{username} dihapus. /help',
  sorry: 'Maaf: {reason}.',
  setname: 'Oke. Kirim nama baru untuk bot Anda.',
  setdescription: 'Oke. Kirim deskripsi baru (yang dilihat orang di obrolan kosong dengan bot).',
  setabouttext: 'Oke. Kirim teks tentang yang baru (hingga 120 karakter, tampil di profil bot).',
  setcommands:
    'Oke. Kirim daftar perintah bot Anda, satu per baris, dengan format ini:\n\ncommand1 - Deskripsi\ncommand2 - Deskripsi lain',
  setjoingroups: 'Bisakah bot Anda ditambahkan ke grup?',
  setprivacy:
    'Dengan mode privasi aktif, bot di grup hanya melihat perintah, balasan untuknya, dan sebutan namanya. Aktifkan?',
  setinline:
    'Kirimkan teks petunjuk yang dilihat orang setelah mengetik @ dan nama bot Anda (misalnya "Cari..."). Kirim /empty untuk menonaktifkan mode inline.',
  setinlinefeedback:
    'Apakah bot Anda perlu tahu hasil inline mana yang dikirim orang (chosen_inline_result)?',
  deletebot: 'Bot Anda akan dihapus beserta tokennya. Anda yakin? Kirim "{confirm}" untuk mengonfirmasi.',
  enable: 'Aktifkan',
  disable: 'Nonaktifkan',
  confirm: 'Ya, saya benar-benar yakin.',
};
