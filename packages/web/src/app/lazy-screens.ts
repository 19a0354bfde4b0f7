// Screens no first render needs (the dialogs, the emoji picker, mini apps, polls, inline results), downloaded together the
// first time one is shown. One lazy chunk rather than one per screen: Rolldown gives every set
// of importers its own chunk, so separate lazy screens would split the code they share with the
// initial bundle into many small chunks, each fetched at start with its own overhead.
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
