import { weighted } from './pipeline.service';

describe('weighted(): intended amount × stage probability, exact', () => {
  it.each([
    ['10000', '0.7', '7000'],
    ['5919500', '0.4', '2367800'],
    ['591.95', '0.7', '414.365'],
    ['123.4567', '0.3333', '41.1481'], // 41.14811811
    ['99999999999999.9999', '0.7', '69999999999999.9999'], // 69999999999999.99993, beyond a double's precision
    ['5919500.0000', '0.1', '591950'], // PostgreSQL numeric text
    ['3000.0001', '1', '3000.0001'],
    ['3000.0001', '1.0', '3000.0001'],
    ['3000.0001', '0', '0'],
    ['0', '0.7', '0'],
  ])('%s × %s = %s', (amount, probability, expected) => {
    expect(weighted(amount, probability)).toBe(expected);
  });

  it.each([
    ['0.0005', '0.1', '0.0001'], // 0.00005: exactly half a yuan rounds up
    ['0.0015', '0.3', '0.0005'], // 0.00045
    ['0.0004', '0.1', '0'], // 0.00004
    ['0.0001', '0.5', '0.0001'], // 0.00005
    ['0.0001', '0.4999', '0'], // 0.00004999
    ['2.0001', '0.5', '1.0001'], // 1.00005
    ['1.0005', '0.5', '0.5003'], // 0.50025: binary floats make this 0.5002
    ['1000.5', '0.25', '250.125'],
    ['9110.8338', '0.1', '911.0834'], // 911.08338
  ])('rounds %s × %s half up to the yuan: %s', (amount, probability, expected) => {
    expect(weighted(amount, probability)).toBe(expected);
  });

  it('agrees with the float-free product for many fractional amounts', () => {
    // Reference: the product in ten-thousandths of a yuan, rounded half up by hand.
    for (let i = 1; i <= 500; i++) {
      const units = BigInt(i) * 7919n + 3n; // 1/10,000 万元
      const amount = `${units / 10_000n}.${(units % 10_000n).toString().padStart(4, '0')}`;
      const tenThousandths = units * 7n; // × 0.7
      const rounded = (tenThousandths + 5n) / 10n;
      const frac = (rounded % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
      expect(weighted(amount, '0.7')).toBe(`${rounded / 10_000n}${frac ? `.${frac}` : ''}`);
    }
  });
});
