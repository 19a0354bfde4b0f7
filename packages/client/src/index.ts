export { type BackoffOptions, backoffDelay } from './backoff.js';
export { isLargeChat } from './chat-sequencers.js';
export type { DisconnectInfo, PeykClientEvents, SessionRevokedInfo } from './client-events.js';
export { ClientState, type ClientStateSnapshot, type HistoryRange } from './client-state.js';
export { compareDialogs } from './dialog-order.js';
export { type AccountExport, type ExportProgress, exportAccount } from './export.js';
export { type MentionTarget, mentionsMe } from './mentions.js';
export {
  type ChallengeOptions,
  type ConnectionStatus,
  PeykClient,
  type PeykClientOptions,
} from './peyk-client.js';
export { ClientErrorCode, PeykError, type PeykErrorCode } from './peyk-error.js';
export { mergePoll, pollShares } from './polls.js';
export { solveChallenge } from './proof-of-work.js';
export { randomId } from './random-id.js';
export type { RequestInput, RequestOptions } from './request-registry.js';
export type { PendingSend, PendingSendStatus, SendMessageOptions } from './send-queue.js';
export { fetchAllDialogs, type SyncClientStateOptions, syncClientState } from './state-sync.js';
export type { WebSocketConstructor, WebSocketLike } from './transport.js';
export { type EmitArgs, type Listener, TypedEmitter } from './typed-emitter.js';
export { type UploadOptions, UploadErrorCode, uploadFile } from './upload.js';
