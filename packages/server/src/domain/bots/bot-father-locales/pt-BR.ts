import type { FatherTexts } from '../bot-father-texts.js';

export const ptBR: FatherTexts = {
  intro: 'Posso ajudar você a criar e gerenciar bots.',
  commands: {
    newbot: 'criar um novo bot',
    mybots: 'listar seus bots',
    setname: 'mudar o nome de um bot',
    setdescription: 'mudar a descrição de um bot',
    setabouttext: 'mudar o texto de apresentação de um bot',
    setcommands: 'mudar a lista de comandos de um bot',
    token: 'gerar um novo token para um bot',
    revoke: 'revogar o token de um bot (um novo o substitui)',
    setjoingroups: 'o bot pode ser adicionado a grupos?',
    setprivacy: 'modo de privacidade em grupos',
    setinline: 'modo inline ("@bot consulta" em qualquer chat)',
    setinlinefeedback: 'saber qual resultado inline as pessoas escolhem',
    deletebot: 'excluir um bot',
    cancel: 'parar a operação atual',
  },
  cancelled: 'Ok, cancelado. Envie /help para ver o que eu sei fazer.',
  askName: 'Certo, um novo bot. Como vamos chamá-lo? Escolha um nome para o seu bot.',
  askUsername:
    'Ótimo. Agora escolha um nome de usuário para o seu bot: 5 a 32 letras a-z, dígitos ou _, terminando em "bot" (por exemplo, tetris_bot).',
  created:
    'Pronto! Seu novo bot é @{username}. Use este token para acessar a API HTTP:\n{token}\n\nGuarde-o em segredo: quem o tiver controla o seu bot.',
  myBots: 'Seus bots:',
  noBots: 'Você ainda não tem bots. Use /newbot para criar um.',
  chooseBot: 'Escolha um bot.',
  newToken: 'Aqui está o novo token de @{username} (o antigo não funciona mais):\n{token}',
  updated: 'Sucesso! @{username} foi atualizado. /help',
  notDeleted: 'Não foi excluído. /help',
  deleted: 'Pronto! @{username} foi excluído. /help',
  sorry: 'Desculpe: {reason}.',
  setname: 'Ok. Envie o novo nome do seu bot.',
  setdescription: 'Ok. Envie a nova descrição (o que as pessoas veem numa conversa vazia com o bot).',
  setabouttext: 'Ok. Envie o novo texto de apresentação (até 120 caracteres, mostrado no perfil do bot).',
  setcommands:
    'Ok. Envie a lista de comandos do seu bot, um por linha, neste formato:\n\ncommand1 - Descrição\ncommand2 - Outra descrição',
  setjoingroups: 'Seu bot pode ser adicionado a grupos?',
  setprivacy:
    'Com o modo de privacidade ativado, o bot só vê nos grupos comandos, respostas a ele e menções a ele. Ativar?',
  setinline:
    'Envie o texto de exemplo que as pessoas veem depois de digitar @ e o nome do seu bot (por exemplo "Pesquisar..."). Envie /empty para desativar o modo inline.',
  setinlinefeedback: 'Seu bot deve saber qual resultado inline as pessoas enviam (chosen_inline_result)?',
  deletebot: 'Seu bot será excluído junto com o token. Tem certeza? Envie "{confirm}" para confirmar.',
  enable: 'Ativar',
  disable: 'Desativar',
  confirm: 'Sim, tenho certeza absoluta.',
};
