import { create } from '@bufbuild/protobuf';
import { type Poll, PollSchema } from '@peyk/protocol';

/**
 * A poll after a change: the counts from `incoming`; the viewer's own choice (and a quiz's answer,
 * shown once they voted) from `incoming` only when it is meant for the viewer, else kept from
 * what the viewer had. A poll closed since shows its answer to everyone.
 */
export function mergePoll(current: Poll | undefined, incoming: Poll, forViewer: boolean): Poll {
  if (forViewer || !current) return incoming;
  const revealed = incoming.correctOption >= 0;
  return create(PollSchema, {
    ...incoming,
    chosen: current.chosen,
    correctOption: revealed ? incoming.correctOption : current.correctOption,
    explanation: revealed ? incoming.explanation : current.explanation,
  });
}

/** Percent of the voters who chose each option, rounded so the shares add up to 100. */
export function pollShares(poll: Poll): number[] {
  const total = poll.options.reduce((sum, o) => sum + o.voters, 0);
  if (total === 0) return poll.options.map(() => 0);
  const exact = poll.options.map((o) => (o.voters * 100) / total);
  const shares = exact.map(Math.floor);
  let missing = 100 - shares.reduce((a, b) => a + b, 0);
  // Largest remainders first, as Telegram's clients round.
  const order = exact.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (missing <= 0) break;
    shares[i] = (shares[i] as number) + 1;
    missing--;
  }
  return shares;
}
