import { describe, expect, it } from 'vitest';
import { groupMessages } from './grouping';

const tz = { timeZone: 'UTC' };
const day1 = Date.UTC(2025, 0, 10, 9, 0) / 1000;
const day2 = Date.UTC(2025, 0, 11, 9, 0) / 1000;
const m = (key: string, senderId: string, date: number, service = false) => ({
  key,
  senderId,
  date,
  service,
});

describe('groupMessages', () => {
  it('puts a date line before each day and groups one sender’s run', () => {
    const rows = groupMessages(
      [m('1', 'a', day1), m('2', 'a', day1 + 60), m('3', 'b', day1 + 120), m('4', 'b', day2)],
      tz,
    );
    expect(
      rows.map((row) =>
        row.kind === 'message' ? `${row.key}:${row.first ? 'F' : ''}${row.last ? 'L' : ''}` : row.kind,
      ),
    ).toEqual(['day', '1:F', '2:L', '3:FL', 'day', '4:FL']);
  });

  it('breaks a group after a long pause, at a service message and at the unread line', () => {
    const rows = groupMessages(
      [
        m('1', 'a', day1),
        m('2', 'a', day1 + 3600),
        m('3', 'a', day1 + 3660, true),
        m('4', 'a', day1 + 3700),
        m('5', 'a', day1 + 3710),
      ],
      { ...tz, unreadKey: '5' },
    );
    expect(
      rows.map((row) =>
        row.kind === 'message' ? `${row.key}:${row.first ? 'F' : ''}${row.last ? 'L' : ''}` : row.kind,
      ),
    ).toEqual(['day', '1:FL', '2:FL', '3:FL', '4:FL', 'unread', '5:FL']);
  });
});
