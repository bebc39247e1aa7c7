import { describe, expect, it } from 'vitest';
import { orderEvents } from './event-order';

const events = [
  { id: 'a', heldOn: '2022-04-27', totalAmount: '5919500' },
  { id: 'b', heldOn: '2022-09-01', totalAmount: '120000.75' },
  { id: 'c', heldOn: '2022-06-18', totalAmount: '5919500' },
  { id: 'd', heldOn: '2022-06-18', totalAmount: '0' },
];

describe('signing events order', () => {
  it('latest first by date (same day: by id)', () => {
    expect(orderEvents(events, 'heldOn').map((e) => e.id)).toEqual(['b', 'c', 'd', 'a']);
  });
  it('largest total first, equal totals latest first', () => {
    expect(orderEvents(events, 'amount').map((e) => e.id)).toEqual(['c', 'a', 'b', 'd']);
  });
});
