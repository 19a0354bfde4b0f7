import type { SlowestAnswer } from './generator/commands.js';
import { Histogram } from './histogram.js';

/**
 * The time from each message's due time to its last delivery anywhere: its slowest delivery in
 * each worker, the largest of them over the workers, in a histogram (microseconds).
 */
export function lastDeliveries(answers: readonly SlowestAnswer[]): Histogram {
  const slowest = new Map<string, number>();
  for (const answer of answers)
    for (const [message, micros] of answer) slowest.set(message, Math.max(slowest.get(message) ?? 0, micros));
  const histogram = new Histogram();
  for (const micros of slowest.values()) histogram.record(micros);
  return histogram;
}
