/**
 * The panels beside a conversation (a chat's info page with its admin screens, a post's
 * comments): one chunk, downloaded the first time either is opened.
 */
import '../../styles/side-panels.css';

export { CommentsPanel } from '../channels/comments-panel';
export { ChatInfo } from '../groups/chat-info';
