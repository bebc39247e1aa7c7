import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featureCode, matchFeatures, type BoundaryFile } from './match';

// The demo's eight county units as the seed writes them (src/seeds: names and GB/T 2260 codes).
const TONGLIAO_UNITS = [
  ['科尔沁区', '150502'],
  ['科尔沁左翼中旗', '150521'],
  ['科尔沁左翼后旗', '150522'],
  ['开鲁县', '150523'],
  ['库伦旗', '150524'],
  ['奈曼旗', '150525'],
  ['扎鲁特旗', '150526'],
  ['霍林郭勒市', '150581'],
].map(([name, code]) => ({ id: `u-${code}`, name: name!, code: code! }));

const vendored = JSON.parse(readFileSync(new URL('./boundaries/150500.json', import.meta.url), 'utf8')) as BoundaryFile;

describe('the vendored 通辽市 boundaries', () => {
  it('draw each of the eight county units, and nothing else', () => {
    const m = matchFeatures(vendored.features, TONGLIAO_UNITS);
    expect(m.unmatchedUnits).toEqual([]);
    expect(m.unmatchedFeatures).toEqual([]);
    expect([...m.byUnit.values()].sort()).toEqual(TONGLIAO_UNITS.map((u) => u.name).sort());
    for (const u of TONGLIAO_UNITS) expect(m.byUnit.get(u.id)).toBe(u.name);
  });
  it('carry a centre point per county (the tooltip and the browser test use it)', () => {
    for (const f of vendored.features) expect(f.properties?.cp).toHaveLength(2);
  });
});

describe('matchFeatures', () => {
  const features = [
    { id: '150502', properties: { name: '科尔沁区' } },
    { properties: { name: '开鲁县' } },
    { properties: { name: '旧名旗', adcode: 150599 } },
    { properties: { name: '无主县' } },
  ];
  it('matches by code first (whatever the feature is called), then by exact name', () => {
    const units = [
      { id: 'a', name: '科尔沁区', code: '150502' },
      { id: 'b', name: '开鲁县', code: null },
      { id: 'c', name: '新名旗', code: '150599' },
    ];
    const m = matchFeatures(features, units);
    expect(Object.fromEntries(m.byUnit)).toEqual({ a: '科尔沁区', b: '开鲁县', c: '旧名旗' });
    expect(m.unmatchedFeatures).toEqual(['无主县']);
  });
  it('leaves a unit without a feature unmatched (its row stays in the table), and gives a feature to one unit only', () => {
    const units = [
      { id: 'a', name: '开鲁县', code: null },
      { id: 'b', name: '开鲁县', code: null },
      { id: 'c', name: '新设区', code: '150503' },
    ];
    const m = matchFeatures(features, units);
    expect(Object.fromEntries(m.byUnit)).toEqual({ a: '开鲁县' });
    expect(m.unmatchedUnits.map((u) => u.id)).toEqual(['b', 'c']);
  });
  it('reads a township-length unit code by its county part, and only six-digit feature codes', () => {
    expect(matchFeatures(features, [{ id: 't', name: 'x', code: '150502001' }]).byUnit.get('t')).toBe('科尔沁区');
    expect(featureCode({ id: 7, properties: { name: 'y' } })).toBeNull();
    expect(featureCode({ properties: { name: 'y', adcode: 150525 } })).toBe('150525');
  });
});
