import { splitCredit } from './credit-rules';

/** 万元 text to 0.0001 万元 units, written here rather than taken from the money helpers. */
const units = (v: string): bigint => {
  const [w, f = ''] = v.split('.');
  return BigInt(w as string) * 10000n + BigInt(f.padEnd(4, '0'));
};

describe('splitCredit (业绩分计)', () => {
  const co = [
    { teamId: 'c1', share: '30' },
    { teamId: 'c2', share: '12.5' },
    { teamId: 'c3', share: null },
  ];

  it('holder_only: the holder, the whole amount and the project', () => {
    expect(splitCredit('1000.0001', 'h', co, 'holder_only', 1)).toEqual([{ teamId: 'h', amount: '1000.0001', projects: 1 }]);
  });

  it('agreed_shares: each share rounded half-up to 0.0001 万元, the holder the rest, the project to the holder', () => {
    // Hand-computed: 1000.0001 × 30% = 300.00003 → 300; × 12.5% = 125.0000125 → 125; rest 575.0001.
    expect(splitCredit('1000.0001', 'h', co, 'agreed_shares', 1)).toEqual([
      { teamId: 'h', amount: '575.0001', projects: 1 },
      { teamId: 'c1', amount: '300', projects: 0 },
      { teamId: 'c2', amount: '125', projects: 0 },
    ]);
    // 0.0005 × 30% = 0.00015 → 0.0002 (half-up); × 12.5% = 0.0000625 → 0.0001; rest 0.0002.
    expect(splitCredit('0.0005', 'h', co, 'agreed_shares', 0).map((c) => c.amount)).toEqual(['0.0002', '0.0002', '0.0001']);
  });

  it('credits always sum exactly to the amount and never go negative', () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ teamId: `c${i}`, share: i < 5 ? '16.67' : '16.64' }));
    for (const amount of ['0.0001', '0.0003', '1', '99.9999', '591.95', '123456789.1234']) {
      const credits = splitCredit(amount, 'h', many, 'agreed_shares', 1);
      expect(credits.reduce((s, c) => s + units(c.amount), 0n)).toBe(units(amount));
      for (const c of credits) expect(units(c.amount) >= 0n).toBe(true);
      expect(credits.filter((c) => c.projects === 1).map((c) => c.teamId)).toEqual(['h']);
    }
  });
});
