import { describe, expect, it } from 'vitest';
import { compareAcked } from './acked-messages.js';

describe('compareAcked', () => {
  it('finds the lost, the duplicated and the stored without an acknowledgement', () => {
    expect(compareAcked(['1', '2', '3'], ['1', '3', '3', '9'])).toEqual({
      acked: 3,
      stored: 4,
      lost: 1,
      duplicates: 1,
      unacknowledged: 1,
    });
  });

  it('is clean when every acknowledged message is stored exactly once', () => {
    expect(compareAcked(['5', '6'], ['6', '5'])).toMatchObject({ lost: 0, duplicates: 0, unacknowledged: 0 });
  });
});
