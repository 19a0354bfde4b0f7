// Screens no first render needs (the dialogs, the emoji picker, mini apps, polls, inline
// results). The side panels' chunk re-exports them, so they are downloaded with it, the first
// time one is shown: Rolldown gives every set of importers its own chunk, so a separate lazy
// chunk would split the code it shares with the first render into many small chunks, each
// fetched at start with its own overhead.
export { MiniApp } from '../features/bots/mini-app';
export { NewChannelDialog } from '../features/channels/new-channel-dialog';
export { EmojiPicker } from '../features/composer/emoji-picker';
export { DeleteDialog } from '../features/conversation/delete-dialog';
export { ForwardDialog } from '../features/conversation/forward-dialog';
export { ReactorsDialog } from '../features/conversation/reactors-dialog';
export { NewChatDialog } from '../features/dialogs/new-chat-dialog';
export { NewGroupDialog } from '../features/groups/new-group-dialog';
export { InlineResults } from '../features/inline/inline-results';
export { NewPollDialog } from '../features/polls/new-poll-dialog';
export { PollView } from '../features/polls/poll-view';
