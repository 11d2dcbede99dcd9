/** A message's columns written for the mail (`columnsOf`) and read back in another table (`restore`) are the same message. */
import { describe, expect, it } from 'vitest';
import { MAIL_COLUMNS, MessageTable } from './messages.ts';

describe('message columns between partitions', () => {
  it('restore(columnsOf(m)) gives every mailed column of m, with its frame, in a table that has grown meanwhile', () => {
    const from = new MessageTable();
    for (let i = 0; i < 1500; i++) from.add('priceSignal', i % 3, false, i, 2, 100 + i, i, false, new Uint8Array(3), 255, true);
    const m = from.add('loadControlEvent', 1, true, 123_456, 2, 7, 42, true, Uint8Array.of(1, 2, 3, 4, 5), 3, false);
    from.hopsLeft[m] = 4;
    from.attempts[m] = 2;
    from.hopStart[m] = 123_999;
    from.wire[m] = 987_654_321;
    from.answers[m] = 111;
    const cols = new Float64Array(MAIL_COLUMNS.length + 2);
    from.columnsOf(m, cols.subarray(2));
    const to = new MessageTable();
    for (let i = 0; i < 1030; i++) to.add('priceSignal', 0, false, 0, 0, 0, -1, false, new Uint8Array(1), 255, false);
    const r = to.restore(cols, 2, Uint8Array.of(1, 2, 3, 4, 5));
    const want = { kind: from.kind[m], cls: 1, pub: 1, up: 1, hopsLeft: 4, attempts: 2, lang: 3, sla: 0, created: 123_456, hopStart: 123_999, wire: 987_654_321, answers: 111, src: 2, dst: 7, device: 42 };
    for (const [name, value] of Object.entries(want)) expect(to[name as keyof typeof want][r], name).toBe(value);
    expect(to.kindName(r)).toBe('loadControlEvent');
    expect(to.size[r]).toBe(5);
  });
});
