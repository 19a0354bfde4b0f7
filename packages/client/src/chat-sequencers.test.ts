import { create, type Difference, DifferenceSchema, type Update, UpdateSchema } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { ChatSequencers } from './chat-sequencers.js';

function post(chatId: string, pts: number): Update {
  return create(UpdateSchema, {
    pts,
    sequenceChatId: chatId,
    kind: { case: 'newMessage', value: { chatId, id: pts } },
  });
}

/** Per-chat sequencers whose difference fetches the test answers by hand. */
function harness() {
  const delivered: string[] = [];
  const fetches: { chatId: string; from: number; resolve: (difference: Difference) => void }[] = [];
  const chats = new ChatSequencers({
    fetchDifference: (chatId, from) =>
      new Promise<Difference>((resolve) => fetches.push({ chatId, from, resolve })),
    deliver: (update) => delivered.push(`${update.sequenceChatId}:${update.pts}`),
    reset: () => {},
    syncFailed: () => {},
  });
  const answer = (index: number, chatId: string, pts: number[], statePts: number) =>
    fetches[index]?.resolve(
      create(DifferenceSchema, { updates: pts.map((p) => post(chatId, p)), state: { pts: statePts } }),
    );
  return { chats, delivered, fetches, answer };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ChatSequencers', () => {
  it('keeps each large chat in its own pts order, gaps filled from that chat’s difference', async () => {
    const { chats, delivered, fetches, answer } = harness();
    chats.track('10', 5);
    chats.track('20', 1);
    chats.push(post('10', 6));
    chats.push(post('20', 2));
    chats.push(post('10', 8));
    expect(delivered).toEqual(['10:6', '20:2']);
    expect(fetches.map((f) => [f.chatId, f.from])).toEqual([['10', 6]]);
    answer(0, '10', [7, 8], 8);
    await settle();
    expect(delivered).toEqual(['10:6', '20:2', '10:7', '10:8']);
    expect(chats.state).toEqual({ '10': 8, '20': 2 });
  });

  it('holds the updates of a chat until it learns where the chat starts', () => {
    const { chats, delivered } = harness();
    chats.push(post('30', 4));
    chats.push(post('30', 3));
    expect(delivered).toEqual([]);
    chats.track('30', 2);
    expect(delivered).toEqual(['30:3', '30:4']);
    // A later snapshot does not move a followed chat.
    chats.track('30', 9);
    expect(chats.pts('30')).toBe(4);
  });

  it('catches up at once from an old pts met in a difference, and forgets a chat left', async () => {
    const { chats, delivered, fetches, answer } = harness();
    chats.track('40', 3, true);
    expect(fetches.map((f) => [f.chatId, f.from])).toEqual([['40', 3]]);
    answer(0, '40', [4, 5], 5);
    await settle();
    expect(delivered).toEqual(['40:4', '40:5']);
    chats.untrack('40');
    expect(chats.state).toEqual({});
  });
});
