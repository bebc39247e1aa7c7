import { describe, expect, it } from 'vitest';
import { compareDecimal, isNegative, isWanYuan, normalizeAmount, subtract, sum } from './decimal';

describe('exact decimals', () => {
  it('subtracts shares from a target without float error', () => {
    expect(subtract('800000', '250000', '300000', '50000')).toBe('200000');
    expect(subtract('0.3', '0.1', '0.2')).toBe('0');
    expect(subtract('591.95', '0.0001')).toBe('591.9499');
    expect(subtract('10', '12.5')).toBe('-2.5');
    expect(subtract('10', '', null, undefined, 'abc')).toBe('10');
  });
  it('adds', () => {
    expect(sum(['0.1', '0.2'])).toBe('0.3');
    expect(sum(['-1', '3'])).toBe('2');
    expect(sum([])).toBe('0');
  });
  it('knows a negative remainder', () => {
    expect(isNegative('-0.5')).toBe(true);
    expect(isNegative('-0')).toBe(false);
    expect(isNegative('3')).toBe(false);
  });
  it('accepts what the API accepts as 万元', () => {
    expect(isWanYuan('5919.5')).toBe(true);
    expect(isWanYuan('0')).toBe(true);
    expect(isWanYuan('1.23456')).toBe(false);
    expect(isWanYuan('-1')).toBe(false);
    expect(isWanYuan('')).toBe(false);
    expect(isWanYuan('1e5')).toBe(false);
  });

  it.each([
    ['5,000', '5000'],
    [' 50000 ', '50000'],
    ['５００００', '50000'],
    ['５，０００．２５', '5000.25'],
    ['1,234,567', '1234567'],
    ['¥ 300', '300'],
    ['50,00', '50,00'], // misplaced: left for the form to refuse
    ['', ''],
  ])('reads the pasted %j as %j', (pasted, plain) => {
    expect(normalizeAmount(pasted)).toBe(plain);
  });
});

describe('compareDecimal', () => {
  it('orders exactly, past what a float can tell apart', () => {
    // 10000000000000.0001 and 10000000000000.0002 are the same binary float.
    expect(compareDecimal('10000000000000.0001', '10000000000000.0002')).toBe(-1);
    expect(compareDecimal('591.95', '591.9500')).toBe(0);
    expect(compareDecimal('120000.75', '30000')).toBe(1);
    expect(['30000', '120000.75', '0.5', '5919500'].sort(compareDecimal)).toEqual(['0.5', '30000', '120000.75', '5919500']);
  });
});
