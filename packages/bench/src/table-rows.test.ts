import { describe, expect, it } from 'vitest';
import { rowChanges } from './table-rows.js';

describe('rowChanges', () => {
  it('lists the tables that grew or shrank, new and dropped ones too', () => {
    expect(rowChanges({ a: 5, b: 7, c: 1 }, { a: 5, b: 9, d: 3 })).toEqual({ b: 2, c: -1, d: 3 });
  });
});
