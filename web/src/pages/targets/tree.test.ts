import { describe, expect, it } from 'vitest';
import { nest } from './tree';

describe('nest', () => {
  it('puts shares under their unit, and orphans (parent not visible) on top', () => {
    const rows = [
      { id: 'u', parent: null },
      { id: 't1', parent: 'u' },
      { id: 't2', parent: 'hidden' },
      { id: 't3', parent: 'u' },
    ];
    const tree = nest(rows, (r) => r.id, (r) => r.parent);
    expect(tree.map((r) => r.key)).toEqual(['u', 't2']);
    expect(tree[0]!.children!.map((r) => r.key)).toEqual(['t1', 't3']);
    expect(tree[1]!.children).toBeUndefined();
  });
});
