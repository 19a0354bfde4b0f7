import type { ClientState, PeykClient } from '@peyk/client';
import type { Message } from '@peyk/protocol';
import { signal } from '@preact/signals';
import type { ObservableState } from '../../app/observable-state';
import { openChatId } from '../../app/router';
import { beforeLiveState, currentClient, currentState } from '../../app/session';

/**
 * Which part of a chat's history the conversation shows. History loads in pages around an
 * anchor (GetHistoryRequest): the newest page on open, older pages when scrolling up, newer
 * ones when the view is not at the latest message (after a jump to a reply or a search hit).
 */
export interface ChatView {
  /** The lowest id shown (0: everything loaded). */
  lo: number;
  /** The highest id shown when the view is not at the latest message. */
  hi: number;
  atLatest: boolean;
  hasOlder: boolean;
  loading: boolean;
  /** The first unread message when the chat was opened: the "unread messages" line goes above it. */
  firstUnreadId: number;
  /** Scroll to this message (and highlight it) on the next render; 0: to the bottom. */
  focusId: number;
  /** Changes on every jump, so the list scrolls again to the same target. */
  jump: number;
  /** The chat's pages have been loaded from the server at least once (reading may start). */
  ready: boolean;
}

export const PAGE = 50;
/**
 * At most this many messages are in the DOM: paging further up drops the newest ones from the
 * view (and paging down the oldest); they load again when scrolled back to. A simple windowing
 * that keeps long histories as light as short ones.
 */
export const MAX_SHOWN = 200;

export const views = signal<ReadonlyMap<string, ChatView>>(new Map());

function put(chatId: string, change: Partial<ChatView>): ChatView {
  const next = new Map(views.peek());
  const view: ChatView = { ...(next.get(chatId) ?? initialView(chatId)), ...change };
  next.set(chatId, view);
  views.value = next;
  return view;
}

function initialView(chatId: string): ChatView {
  const loaded = currentState()?.messages(chatId) ?? [];
  return {
    lo: loaded[0]?.id ?? 0,
    hi: 0,
    atLatest: true,
    hasOlder: (loaded[0]?.id ?? 0) > 1,
    loading: false,
    firstUnreadId: 0,
    focusId: 0,
    jump: 0,
    ready: false,
  };
}

/** The loaded messages a view shows, ascending. */
export function shownMessages(state: ClientState, chatId: string, view: ChatView): Message[] {
  return state.messages(chatId).filter((m) => m.id >= view.lo && (view.atLatest || m.id <= view.hi));
}

export function viewOf(chatId: string): ChatView {
  return views.value.get(chatId) ?? initialView(chatId);
}

async function fetchPage(
  client: PeykClient,
  state: ObservableState,
  chatId: string,
  anchorId: number,
  before: number,
  after: number,
) {
  const range = { anchorId, before, after };
  const list = await client.request('getHistory', { chatId, ...range });
  state.loadHistory(chatId, list, range);
  const ids = list.messages.map((m) => m.id);
  const older = list.messages.filter((m) => anchorId === 0 || m.id < anchorId).length;
  const newer = anchorId === 0 ? 0 : list.messages.length - older;
  return {
    min: ids.length ? Math.min(...ids) : anchorId,
    max: ids.length ? Math.max(...ids) : anchorId,
    olderFull: older >= before && before > 0,
    reachedLatest: anchorId === 0 || newer < after,
  };
}

const opened = new Set<string>();

/** Opens a chat: the page around the first unread message, or the newest page. */
export async function openHistory(
  chatId: string,
  client = currentClient(),
  state = currentState(),
): Promise<void> {
  if (!state || opened.has(chatId)) return;
  opened.add(chatId);
  const dialog = state.dialog(chatId);
  const lastId = dialog?.lastMessage?.id ?? 0;
  const firstUnread =
    dialog && dialog.unreadCount > 0 && lastId > dialog.readInboxMaxId ? dialog.readInboxMaxId + 1 : 0;
  put(chatId, { loading: true, firstUnreadId: firstUnread });
  try {
    if (firstUnread > 0 && !state.message(chatId, firstUnread)) {
      const page = await fetchPage(client, state, chatId, firstUnread, 20, PAGE);
      put(chatId, {
        lo: page.min,
        hi: page.max,
        atLatest: page.reachedLatest,
        hasOlder: page.olderFull,
        focusId: firstUnread,
        jump: viewOf(chatId).jump + 1,
        ready: true,
      });
    } else {
      const page = await fetchPage(client, state, chatId, 0, PAGE, 0);
      put(chatId, {
        lo: page.olderFull ? page.min : 0,
        atLatest: true,
        hasOlder: page.olderFull,
        focusId: firstUnread,
        jump: viewOf(chatId).jump + 1,
        ready: true,
      });
    }
  } catch {
    opened.delete(chatId);
  } finally {
    put(chatId, { loading: false });
  }
}

/** Loads the page above the oldest shown message. */
export async function loadOlder(chatId: string): Promise<void> {
  const view = viewOf(chatId);
  const state = currentState();
  if (!state || view.loading || !view.hasOlder || view.lo <= 1) return;
  put(chatId, { loading: true });
  try {
    const page = await fetchPage(currentClient(), state, chatId, view.lo, PAGE, 0);
    const next = put(chatId, { lo: page.olderFull ? page.min : 0, hasOlder: page.olderFull });
    const shown = shownMessages(state, chatId, next);
    if (shown.length > MAX_SHOWN) {
      put(chatId, { hi: (shown[MAX_SHOWN - 1] as Message).id, atLatest: false });
    }
  } finally {
    put(chatId, { loading: false });
  }
}

/** Loads the page below the newest shown message (when the view is not at the latest). */
export async function loadNewer(chatId: string): Promise<void> {
  const view = viewOf(chatId);
  const state = currentState();
  if (!state || view.loading || view.atLatest) return;
  put(chatId, { loading: true });
  try {
    const page = await fetchPage(currentClient(), state, chatId, view.hi + 1, 0, PAGE);
    const next = put(chatId, { hi: Math.max(view.hi, page.max), atLatest: page.reachedLatest });
    const shown = shownMessages(state, chatId, next);
    if (shown.length > MAX_SHOWN) {
      put(chatId, { lo: (shown[shown.length - MAX_SHOWN] as Message).id, hasOlder: true });
    }
  } finally {
    put(chatId, { loading: false });
  }
}

/** Shows a message (a replied-to one, a search hit), loading the history around it if needed. */
export async function jumpToMessage(chatId: string, id: number): Promise<void> {
  const state = currentState();
  if (!state) return;
  const view = viewOf(chatId);
  const shown = id >= view.lo && (view.atLatest || id <= view.hi);
  // A chat not opened yet must load around the message (opening it would go to the unread line).
  if (opened.has(chatId) && state.message(chatId, id) && shown) {
    put(chatId, { focusId: id, jump: view.jump + 1 });
    return;
  }
  opened.add(chatId);
  put(chatId, { loading: true });
  try {
    const page = await fetchPage(currentClient(), state, chatId, id, 25, 25);
    put(chatId, {
      lo: page.olderFull ? page.min : 0,
      hi: page.max,
      atLatest: page.reachedLatest,
      hasOlder: page.olderFull,
      focusId: id,
      jump: viewOf(chatId).jump + 1,
      ready: true,
    });
  } finally {
    put(chatId, { loading: false });
  }
}

/** Scrolls to the newest message, loading it when the view is elsewhere in the history. */
export async function jumpToLatest(chatId: string): Promise<void> {
  const state = currentState();
  const view = viewOf(chatId);
  if (!state) return;
  if (view.atLatest) {
    put(chatId, { focusId: 0, jump: view.jump + 1 });
    return;
  }
  put(chatId, { loading: true });
  try {
    const page = await fetchPage(currentClient(), state, chatId, 0, PAGE, 0);
    put(chatId, {
      lo: page.olderFull ? page.min : 0,
      atLatest: true,
      hasOlder: page.olderFull,
      focusId: 0,
      jump: view.jump + 1,
      ready: true,
    });
  } finally {
    put(chatId, { loading: false });
  }
}

// A fresh state replaces the cached one: load the open chat into it first, so the screen does
// not flicker, and start every other chat's view afresh.
beforeLiveState(async (client, state) => {
  views.value = new Map();
  opened.clear();
  const chatId = openChatId.peek();
  if (chatId) await openHistory(chatId, client, state);
});
