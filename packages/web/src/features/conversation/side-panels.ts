/**
 * The panels beside a conversation (a chat's info page with its admin screens, a post's
 * comments), and the other screens no first render needs (lazy-screens.ts): one chunk,
 * downloaded the first time one is opened. One chunk rather than several: Rolldown makes a chunk
 * per set of importers, so separate lazy chunks would split the code they share with the first
 * render into many small chunks, all fetched at start.
 */
import '../../styles/side-panels.css';

export * from '../../app/lazy-screens';
export { CommentsPanel } from '../channels/comments-panel';
export { ChatInfo } from '../groups/chat-info';
