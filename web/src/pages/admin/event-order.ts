import { compareDecimal } from '../../format/decimal';

export type EventSort = 'heldOn' | 'amount';

interface Ordered {
  id: string;
  heldOn: string;
  totalAmount: string;
}

/**
 * Signing events in the order GET /signing-events/xlsx writes them: latest first, or by total
 * (exact), largest first with ties latest first — so 序号 on the page, the print and the .xlsx agree.
 */
export function orderEvents<T extends Ordered>(events: readonly T[], sort: EventSort): T[] {
  const byDate = (a: T, b: T) => b.heldOn.localeCompare(a.heldOn) || a.id.localeCompare(b.id);
  return [...events].sort(sort === 'amount' ? (a, b) => compareDecimal(b.totalAmount, a.totalAmount) || byDate(a, b) : byDate);
}
