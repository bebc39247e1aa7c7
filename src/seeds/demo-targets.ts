import { Metric } from '../metrics/metric';

/**
 * The demo's targets (指标任务), for 2022 — the year of the article and of the signing
 * conference — and for the year of the day of seeding. The admin (市招商局) assigns them to
 * the eight county-level units and the two city teams; 开鲁县's and 科尔沁区's managers split
 * their unit's target among their teams (分解), and the admin does for the three counties with
 * a single demo team and no demo manager. Every split leaves part unassigned (for the
 * townships and teams the demo does not have), which the UI shows as the remainder.
 *
 * Amounts in 万元. 2022's signing targets add up to 6600000万元 (660亿元), of which the city
 * signed 591.95亿元 at the spring conference alone. The demo is a sample of a city's work, so
 * the other targets are sized to it, and the units with no demo team (科左中旗, 库伦旗, 扎鲁特旗)
 * count only their registry projects. 2022 has no new-leads target: the demo's leads are
 * registered on the day of seeding, so 2022 has none to count.
 */

export type DemoTargetValues = Partial<Record<Metric, number | string>>;

export interface DemoUnitTarget {
  /** GB/T 2260 code of the county-level unit. */
  county: string;
  values: DemoTargetValues;
  /** 分解: by a demo manager (or admin) username, to demo teams by name. */
  split?: { by: string; teams: Record<string, DemoTargetValues> };
}

export interface DemoYearTargets {
  /** A year, or 'current': the year of the day of seeding. */
  year: number | 'current';
  units: DemoUnitTarget[];
  /** Teams of the city itself (市本级), assigned directly. */
  teams: Record<string, DemoTargetValues>;
}

const t = (
  enterprises_contacted: number,
  visits: number,
  new_leads: number | null,
  signed_projects: number,
  signed_amount: string,
  projects_registered: number,
  projects_started: number,
  completed_investment: string,
): DemoTargetValues => ({
  enterprises_contacted,
  visits,
  ...(new_leads === null ? {} : { new_leads }),
  signed_projects,
  signed_amount,
  projects_registered,
  projects_started,
  completed_investment,
});

export const DEMO_TARGETS: readonly DemoYearTargets[] = [
  {
    year: 2022,
    units: [
      {
        county: '150502', // 科尔沁区
        values: t(12, 9, null, 8, '600000', 4, 4, '360000'),
        split: {
          by: 'manager-horqin',
          teams: {
            科尔沁区驻京招商小分队: t(4, 3, null, 3, '200000', 1, 1, '20000'),
            科尔沁区招商一队: t(5, 4, null, 4, '300000', 2, 2, '300000'),
          },
        },
      },
      { county: '150521', values: t(4, 3, null, 2, '300000', 1, 1, '6000') }, // 科尔沁左翼中旗
      {
        county: '150522', // 科尔沁左翼后旗
        values: t(6, 5, null, 4, '500000', 3, 2, '10000'),
        split: { by: 'admin-zsj', teams: { 科左后旗招商一队: t(4, 3, null, 3, '450000', 2, 1, '8000') } },
      },
      {
        county: '150523', // 开鲁县
        values: t(12, 10, null, 8, '1400000', 6, 4, '420000'),
        split: {
          by: 'manager-kailu',
          teams: {
            开鲁县招商一队: t(4, 3, null, 3, '400000', 2, 1, '60000'),
            开鲁县招商二队: t(4, 3, null, 3, '800000', 2, 1, '300000'),
            大榆树镇招商小分队: t(2, 2, null, 1, '30000', 1, 1, '10000'),
          },
        },
      },
      { county: '150524', values: t(3, 2, null, 2, '200000', 1, 1, '6000') }, // 库伦旗
      {
        county: '150525', // 奈曼旗
        values: t(6, 5, null, 5, '700000', 3, 1, '30000'),
        split: { by: 'admin-zsj', teams: { 奈曼旗镍基产业招商队: t(4, 4, null, 4, '600000', 2, 1, '10000') } },
      },
      { county: '150526', values: t(4, 3, null, 2, '300000', 1, 1, '15000') }, // 扎鲁特旗
      {
        county: '150581', // 霍林郭勒市
        values: t(6, 5, null, 4, '800000', 2, 1, '10000'),
        split: { by: 'admin-zsj', teams: { 霍林郭勒市铝产业招商队: t(4, 4, null, 3, '700000', 1, 1, '8000') } },
      },
    ],
    teams: {
      市投促中心招商一队: t(5, 4, null, 4, '1200000', 2, 1, '300000'),
      市投促中心招商二队: t(5, 4, null, 5, '600000', 2, 1, '120000'),
    },
  },
  {
    year: 'current',
    units: [
      {
        county: '150502',
        values: t(10, 8, 12, 5, '600000', 4, 3, '300000'),
        split: {
          by: 'manager-horqin',
          teams: {
            科尔沁区驻京招商小分队: t(4, 3, 5, 2, '200000', 1, 1, '50000'),
            科尔沁区招商一队: t(5, 4, 6, 3, '300000', 2, 2, '150000'),
          },
        },
      },
      { county: '150521', values: t(4, 3, 4, 2, '300000', 2, 1, '100000') },
      {
        county: '150522',
        values: t(5, 4, 7, 3, '400000', 2, 2, '100000'),
        split: { by: 'admin-zsj', teams: { 科左后旗招商一队: t(4, 3, 6, 2, '300000', 1, 1, '60000') } },
      },
      {
        county: '150523',
        values: t(12, 8, 12, 6, '800000', 4, 3, '300000'),
        split: {
          by: 'manager-kailu',
          teams: {
            开鲁县招商一队: t(4, 3, 5, 2, '250000', 1, 1, '80000'),
            开鲁县招商二队: t(4, 3, 5, 2, '300000', 1, 1, '100000'),
            大榆树镇招商小分队: t(2, 2, 2, 1, '50000', 1, 1, '20000'),
          },
        },
      },
      { county: '150524', values: t(3, 2, 3, 2, '200000', 1, 1, '50000') },
      {
        county: '150525',
        values: t(5, 5, 7, 4, '600000', 3, 2, '200000'),
        split: { by: 'admin-zsj', teams: { 奈曼旗镍基产业招商队: t(4, 4, 6, 3, '500000', 2, 1, '150000') } },
      },
      { county: '150526', values: t(4, 3, 4, 2, '300000', 2, 1, '80000') },
      {
        county: '150581',
        values: t(5, 5, 7, 4, '600000', 3, 2, '150000'),
        split: { by: 'admin-zsj', teams: { 霍林郭勒市铝产业招商队: t(4, 4, 6, 3, '500000', 2, 1, '100000') } },
      },
    ],
    teams: {
      市投促中心招商一队: t(5, 5, 6, 3, '800000', 2, 2, '200000'),
      市投促中心招商二队: t(5, 4, 6, 3, '400000', 2, 2, '100000'),
    },
  },
];
