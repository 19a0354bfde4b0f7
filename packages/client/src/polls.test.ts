import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { PollSchema } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { pollShares } from './polls.js';
import { applyAll, BOB, dialog, GROUP, groupChat, load, msg, upd } from './testing/state-builders.js';

const poll = (init: MessageInitShape<typeof PollSchema>) =>
  create(PollSchema, { question: 'q', correctOption: -1, ...init });
const options = (...voters: number[]) => voters.map((v, i) => ({ text: `o${i}`, voters: v }));

describe('ClientState: poll_updated', () => {
  it('stale state + the poll updates since = fresh state, the viewer keeping their own choice', () => {
    const before = msg(GROUP, 1, BOB, { text: '', poll: poll({ options: options(0, 0) }) });
    const stale = load([dialog({ chat: groupChat, lastMessage: before, lastActivity: 101 })]);
    applyAll(stale, [
      // My vote (for my devices only), then another member's vote (for everyone, no choice in it).
      upd(1, {
        case: 'pollUpdated',
        value: {
          chatId: GROUP,
          messageId: 1,
          forViewer: true,
          poll: poll({ options: options(1, 0), totalVoters: 1, chosen: [0] }),
        },
      }),
      upd(2, {
        case: 'pollUpdated',
        value: { chatId: GROUP, messageId: 1, poll: poll({ options: options(1, 1), totalVoters: 2 }) },
      }),
    ]);
    const after = msg(GROUP, 1, BOB, {
      text: '',
      poll: poll({ options: options(1, 1), totalVoters: 2, chosen: [0] }),
    });
    const fresh = load([dialog({ chat: groupChat, lastMessage: after, lastActivity: 101 })]);
    expect(stale.messages(GROUP)).toEqual(fresh.messages(GROUP));
  });

  it('keeps the choice through an edit (a pin), whose poll names nobody', () => {
    const mine = poll({ options: options(1, 0), totalVoters: 1, chosen: [0] });
    const stale = load([
      dialog({ chat: groupChat, lastMessage: msg(GROUP, 1, BOB, { poll: mine }), lastActivity: 101 }),
    ]);
    const pinned = msg(GROUP, 1, BOB, {
      pinned: true,
      poll: poll({ options: options(1, 0), totalVoters: 1 }),
    });
    stale.apply(upd(1, { case: 'messageEdited', value: pinned }));
    expect(stale.messages(GROUP)[0]?.poll?.chosen).toEqual([0]);
  });
});

describe('pollShares', () => {
  it('rounds shares to add up to 100', () => {
    expect(pollShares(poll({ options: options(1, 1, 1) }))).toEqual([34, 33, 33]);
    expect(pollShares(poll({ options: options(0, 0) }))).toEqual([0, 0]);
    expect(pollShares(poll({ options: options(3, 1) }))).toEqual([75, 25]);
  });
});
