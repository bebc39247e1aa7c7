import { sumWanYuan } from '../common/money/wan-yuan';
import { ProblemCategory, ProblemStatus, ProjectLevel, ProjectLifecycle, ProjectNature } from '../projects/entities/project-enums';

/**
 * The demo project registry (项目库). Every signed demo lead rolls up into it by itself (see
 * registry.ts); on top of that, the projects below carry what the registry keeps about them:
 * level, nature, lifecycle and its nodes, yearly plans, monthly completed investment,
 * capacity, expected output and tax, and problems (卡点堵点).
 *
 * The article's figures are exact: 经安一期镍铁合金 total 68.06亿元 (680600万元), 2022 plan 2亿元;
 * 创源40万吨轻质高强铝合金材料 total 1.6亿元, 2022 plan 0.8亿元, cumulative completed 1.1亿元
 * (its monthly reports add up to 11000万元); 龙马高端装备制造基地 total ~135亿元, expected
 * output 100亿元 and tax 5亿元 a year. Dates, other plans and monthly figures are the demo's.
 * Money in 万元. People by demo username, enterprises by short name (enterprises.json),
 * counties by GB/T 2260 code.
 *
 * Some projects are late on purpose, so that the 三未 lists have entries: 立项未开工 (经安不锈钢,
 * 兴固, 锦联: planned start passed, not started), 开工未建设 (华侨城, 玉王二期, 华能: no completed
 * investment reported for months) and 建设未竣工 (玉王二期, 华能: planned completion passed).
 */

export interface DemoNode {
  /** 计划完成日期. */
  planned?: string;
  /** 实际完成日期. */
  done?: string;
}

export interface DemoProblem {
  category: ProblemCategory;
  description: string;
  /** 责任部门. */
  department: string;
  /** 限办日期: a date, or days from the day of seeding. */
  due: string | number;
  /** Open unless said; in progress and resolved ones are moved there after they are raised. */
  status?: ProblemStatus.InProgress | ProblemStatus.Resolved;
  /** 解决情况, for resolved ones. */
  resolution?: string;
}

interface ProjectProfile {
  level: ProjectLevel;
  nature: ProjectNature;
  lifecycle: ProjectLifecycle;
  /** 项目负责人 (a demo member): files the monthly progress. */
  owner?: string;
  /** 节点: 已注册, 前期手续, 开工建设, 投产运行 — planned and actual dates. */
  nodes: Partial<Record<'registered' | 'preparation' | 'construction' | 'operating', DemoNode>>;
  capacity?: string;
  /** 预计年产值, 万元/年. */
  expectedOutputValue?: string;
  /** 预计年税收, 万元/年. */
  expectedTax?: string;
  notes?: string;
  /** 项目位置 on the 招商地图 (WGS-84 degrees, inside the project's county). */
  location?: { lng: number; lat: number };
  /** 年度计划投资 by year. */
  plans?: Record<number, string>;
  /** 当月完成投资 by month (`YYYY-MM`). */
  progress?: Record<string, string>;
  problems?: DemoProblem[];
}

/** A signed demo lead's project (rolled up from its signing), by the lead's title. */
export interface RolledUpDemoProject extends ProjectProfile {
  lead: string;
}

/** A project entered directly by an admin (续建 projects that predate the pipeline …). */
export interface DirectDemoProject extends ProjectProfile {
  name: string;
  enterprise: string;
  chain: string;
  county: string;
  /** 总投资, 万元. */
  totalInvestment: string;
  isContinuing: boolean;
}

export type DemoProject = RolledUpDemoProject | DirectDemoProject;

export const isDirect = (p: DemoProject): p is DirectDemoProject => 'name' in p;

/** Month-by-month amounts from `first` (`YYYY-MM`) on. */
function monthly(first: string, amounts: string[]): Record<string, string> {
  const [y, m] = first.split('-').map(Number) as [number, number];
  return Object.fromEntries(
    amounts.map((amount, i) => {
      const index = y * 12 + (m - 1) + i;
      return [`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`, amount];
    }),
  );
}

const { RegionMajor, CityKey, CountyKey } = ProjectLevel;
const { New, Expansion, Renovation } = ProjectNature;
const { Registered, Preparation, Construction, Operating } = ProjectLifecycle;
const { Land, Energy, Approval, Power, Environment, Funding } = ProblemCategory;
const { InProgress, Resolved } = ProblemStatus;

export const DEMO_PROJECTS: readonly DemoProject[] = [
  // -- the article's projects ------------------------------------------------------------
  {
    name: '经安一期镍铁合金项目',
    location: { lng: 120.651237, lat: 42.832115 },
    enterprise: '经安有色',
    chain: '镍基循环新材料',
    county: '150525',
    totalInvestment: '680600',
    isContinuing: true,
    level: RegionMajor,
    nature: New,
    lifecycle: Operating,
    owner: 'xuwenbin',
    nodes: {
      registered: { planned: '2018-11-30', done: '2018-11-20' },
      preparation: { planned: '2019-03-31', done: '2019-03-28' },
      construction: { planned: '2019-04-15', done: '2019-04-18' },
      operating: { planned: '2022-12-31', done: '2022-12-26' },
    },
    capacity: '年产120万吨镍铁合金、60万吨硅锰合金及40万吨高碳铬铁合金生产线',
    notes: '镍基循环新材料产业链重点项目（续建）。2019—2020年完成投资约51亿元，入库前未逐月填报。',
    plans: { 2021: '150000', 2022: '20000' },
    progress: {
      ...monthly('2021-01', ['4500', '3800', '9800', '14200', '16800', '17500', '16900', '15800', '14600', '13200', '11400', '8000']),
      ...monthly('2022-01', ['800', '600', '1500', '1800', '2200', '2400', '2300', '2100', '1900', '1700', '1500', '1200']),
    },
    problems: [
      {
        category: Power,
        description: '硅锰合金生产线220千伏电力接入工程进度滞后，影响按期投产',
        department: '国网通辽供电公司、奈曼旗发改委',
        due: '2022-07-31',
        status: Resolved,
        resolution: '旗项目办协调供电公司倒排工期，2022年7月完成220千伏接入工程并送电。',
      },
      {
        category: Energy,
        description: '高碳铬铁合金生产线能耗指标存在缺口，需自治区统筹解决',
        department: '市发改委（能源局）',
        due: '2022-09-30',
        status: Resolved,
        resolution: '列入自治区重大项目能耗指标单列，2022年9月获批。',
      },
    ],
  },
  {
    lead: '创源40万吨轻质高强铝合金材料项目',
    location: { lng: 119.682104, lat: 45.512733 },
    level: CityKey,
    nature: New,
    lifecycle: Operating,
    owner: 'fenglei',
    nodes: {
      registered: { planned: '2021-10-31', done: '2021-10-15' },
      preparation: { planned: '2021-10-25', done: '2021-10-22' },
      construction: { planned: '2021-10-25', done: '2021-10-26' },
      operating: { planned: '2022-09-30', done: '2022-09-28' },
    },
    capacity: '年产40万吨轻质高强铝合金材料生产线',
    notes: '铝基循环新材料产业链重点项目：总投资1.6亿元，2022年计划投资0.8亿元，累计完成投资1.1亿元（2022年7月重点项目观摩）。',
    plans: { 2021: '3000', 2022: '8000' },
    // 3000 in 2021 and 8000 up to the July 2022 inspection: 11000万元 = 1.1亿元, as the article reports.
    progress: { ...monthly('2021-10', ['1000', '1200', '800']), ...monthly('2022-03', ['600', '1200', '1800', '2200', '2200']) },
    problems: [
      {
        category: Energy,
        description: '熔铸工序新增能耗指标需在霍林郭勒市存量中调剂',
        department: '霍林郭勒市发改委',
        due: '2022-03-31',
        status: Resolved,
        resolution: '2022年3月从市域存量能耗指标中调剂解决。',
      },
    ],
  },
  {
    lead: '龙马高端装备制造基地项目',
    level: RegionMajor,
    nature: New,
    lifecycle: Operating,
    owner: 'wuzhendong',
    nodes: {
      registered: { planned: '2021-11-15', done: '2021-11-05' },
      preparation: { planned: '2022-02-28', done: '2022-03-10' },
      construction: { planned: '2022-03-15', done: '2022-03-18' },
      operating: { planned: '2024-10-31', done: '2024-09-26' },
    },
    capacity: '风电装备全产业链：主机、塔筒、减速机、风叶，10万平方米焊接车间（2条生产线）、14万平方米风叶车间，引进11家上下游企业，产品园区内检测认证',
    expectedOutputValue: '1000000',
    expectedTax: '50000',
    notes: '总投资约135亿元，全部项目3年内建成、5年达产；建成后为全球规模最大、产业链最全的风电装备制造产业集群。风叶车间2022年6月底封闭、8月投产。',
    plans: { 2022: '260000' },
    progress: monthly('2022-03', ['8000', '22000', '31000', '36000', '34000', '30000', '28000', '24000', '18000', '9000']),
    problems: [
      {
        category: Land,
        description: '风叶车间及配套企业用地约1200亩，需完成农用地转用报批',
        department: '市自然资源局、科尔沁区政府',
        due: '2022-03-10',
        status: Resolved,
        resolution: '2022年3月取得农用地转用批复，当月开工。',
      },
      {
        category: Power,
        description: '焊接车间双回路供电及专用变电站建设',
        department: '国网通辽供电公司',
        due: '2022-06-30',
        status: Resolved,
        resolution: '2022年6月专用变电站投运，焊接车间双回路供电到位。',
      },
    ],
  },

  // -- the conference's projects after signing -------------------------------------------
  {
    lead: '开鲁县源网荷储一体化示范项目',
    location: { lng: 121.308745, lat: 43.601237 },
    level: RegionMajor,
    nature: New,
    lifecycle: Operating,
    owner: 'gaozhiqiang',
    nodes: {
      registered: { planned: '2022-05-31', done: '2022-05-20' },
      preparation: { planned: '2022-06-30', done: '2022-06-28' },
      construction: { planned: '2022-07-01', done: '2022-07-08' },
      operating: { planned: '2023-12-31', done: '2023-12-28' },
    },
    capacity: '风电、光伏新能源电站配套储能，就地消纳于开鲁县工业园区负荷侧企业',
    expectedOutputValue: '120000',
    expectedTax: '15000',
    notes: '一期2023年底并网投产；储能电站二期建设中。',
    plans: { 2022: '350000' },
    progress: monthly('2022-07', ['30000', '62000', '78000', '82000', '60000', '28000']),
    problems: [
      {
        category: Power,
        description: '储能电站接入系统方案需电网公司审查',
        department: '国网内蒙古东部电力有限公司、开鲁县发改委',
        due: '2022-08-31',
        status: Resolved,
        resolution: '2022年8月接入系统方案通过审查。',
      },
    ],
  },
  {
    lead: '梅花生物淀粉糖项目',
    location: { lng: 122.345218, lat: 43.591706 },
    level: CityKey,
    nature: Expansion,
    lifecycle: Operating,
    owner: 'sunlixin',
    nodes: {
      registered: { done: '2022-05-10' },
      preparation: { planned: '2022-05-31', done: '2022-05-26' },
      construction: { planned: '2022-06-01', done: '2022-06-06' },
      operating: { planned: '2023-06-30', done: '2023-08-30' },
    },
    capacity: '在现有厂区东侧新建淀粉糖（果葡糖浆、麦芽糖浆）生产线，延伸玉米深加工产品链',
    expectedOutputValue: '300000',
    expectedTax: '12000',
    plans: { 2022: '120000' },
    progress: monthly('2022-06', ['9000', '16000', '21000', '22000', '19000', '14000', '6000']),
    problems: [
      {
        category: Approval,
        description: '节能审查与环评手续需并联办理，确保6月开工',
        department: '市发改委、市生态环境局',
        due: '2022-05-31',
        status: Resolved,
        resolution: '实行并联审批，2022年5月26日全部办结。',
      },
    ],
  },
  {
    lead: '远景零碳产业园风机装备项目',
    level: CityKey,
    nature: New,
    lifecycle: Operating,
    owner: 'wuzhendong',
    nodes: {
      registered: { done: '2022-05-25' },
      preparation: { done: '2022-07-05' },
      construction: { planned: '2022-07-10', done: '2022-07-12' },
      operating: { planned: '2023-06-30', done: '2023-05-30' },
    },
    capacity: '风机机舱、轮毂总装及零碳产业园配套厂房',
    expectedOutputValue: '200000',
    expectedTax: '8000',
    plans: { 2022: '60000' },
    progress: monthly('2022-07', ['5000', '11000', '14000', '13000', '10000', '5000']),
  },
  {
    lead: '明阳智能风机主机制造项目',
    level: CountyKey,
    nature: New,
    lifecycle: Operating,
    owner: 'tianxue',
    nodes: {
      registered: { done: '2022-06-15' },
      preparation: { done: '2022-07-25' },
      construction: { planned: '2022-08-01', done: '2022-08-01' },
      operating: { planned: '2023-06-30', done: '2023-07-15' },
    },
    capacity: '年产风机主机200台',
    expectedOutputValue: '250000',
    expectedTax: '6000',
    plans: { 2022: '40000' },
    progress: monthly('2022-08', ['6000', '9000', '10000', '8000', '4000']),
  },
  {
    lead: '科尔沁牛业肉牛屠宰精深加工项目',
    location: { lng: 121.351129, lat: 43.579842 },
    level: CountyKey,
    nature: New,
    lifecycle: Operating,
    owner: 'handesheng',
    nodes: {
      registered: { done: '2022-06-10' },
      preparation: { done: '2022-07-30' },
      construction: { planned: '2022-08-01', done: '2022-08-08' },
      operating: { planned: '2023-08-31', done: '2023-09-20' },
    },
    capacity: '年屠宰肉牛10万头及冷鲜肉精深加工',
    expectedOutputValue: '150000',
    expectedTax: '3000',
    plans: { 2022: '12000' },
    progress: monthly('2022-08', ['1500', '2600', '3200', '2400', '1000']),
  },
  {
    lead: '中广核开鲁风电项目',
    location: { lng: 121.152306, lat: 43.783218 },
    level: CityKey,
    nature: New,
    lifecycle: Registered,
    owner: 'baiyincang',
    nodes: {
      registered: { planned: '2022-06-30', done: '2022-06-30' },
      construction: { planned: '2027-04-15' },
    },
    capacity: '风电场及配套升压站',
    notes: '待自治区下达风电建设指标后开工。',
  },
  {
    lead: '阜丰玉米深加工氨基酸项目',
    level: CityKey,
    nature: New,
    lifecycle: Preparation,
    owner: 'liuhongmei',
    nodes: {
      registered: { done: '2022-09-20' },
      preparation: { planned: '2027-03-31' },
      construction: { planned: '2027-05-01' },
    },
    capacity: '玉米深加工氨基酸（赖氨酸、苏氨酸）生产线',
  },

  // -- late on purpose: the 三未 lists ----------------------------------------------------
  {
    // 开工未建设 and 建设未竣工: built since June 2022, nothing reported for years, planned completion passed.
    lead: '玉王生物二期项目',
    level: CityKey,
    nature: Expansion,
    lifecycle: Construction,
    owner: 'wangjianguo',
    nodes: {
      registered: { done: '2022-05-30' },
      preparation: { planned: '2022-06-15', done: '2022-06-15' },
      construction: { planned: '2022-06-15', done: '2022-06-20' },
      operating: { planned: '2023-10-31' },
    },
    capacity: '二期玉米淀粉及变性淀粉扩产',
    expectedOutputValue: '180000',
    expectedTax: '6000',
    plans: { 2022: '60000' },
    progress: monthly('2022-06', ['3000', '8000', '11000', '12000', '9000', '4000']),
    problems: [
      {
        category: Environment,
        description: '园区污水处理配套能力不足，需园区统一规划扩建污水处理厂',
        department: '开鲁工业园区管委会',
        due: 30,
      },
    ],
  },
  {
    // 开工未建设 and 建设未竣工.
    lead: '华能通辽风光储氢一体化项目',
    level: RegionMajor,
    nature: New,
    lifecycle: Construction,
    owner: 'zhanghongwei',
    nodes: {
      registered: { done: '2022-05-28' },
      preparation: { planned: '2022-06-20', done: '2022-06-24' },
      construction: { planned: '2022-06-25', done: '2022-06-28' },
      operating: { planned: '2024-06-30' },
    },
    capacity: '风电、光伏发电配套储能及绿电制氢',
    expectedOutputValue: '150000',
    expectedTax: '20000',
    plans: { 2022: '400000' },
    progress: monthly('2022-06', ['20000', '45000', '62000', '70000', '66000', '48000', '20000']),
    problems: [
      {
        category: Land,
        description: '部分集电线路及升压站用地审批进度慢',
        department: '市自然资源局、科左中旗政府',
        due: 15,
        status: InProgress,
      },
    ],
  },
  {
    // 开工未建设: started, then stopped for want of money.
    lead: '华侨城大青沟文旅综合开发项目',
    location: { lng: 122.216835, lat: 42.805219 },
    level: CountyKey,
    nature: New,
    lifecycle: Construction,
    owner: 'alatancang',
    nodes: {
      registered: { done: '2022-08-20' },
      preparation: { done: '2022-09-10' },
      construction: { planned: '2022-09-15', done: '2022-09-15' },
      operating: { planned: '2027-06-30' },
    },
    capacity: '大青沟景区提档升级、旅游度假区及配套服务设施',
    plans: { 2022: '8000' },
    progress: monthly('2022-09', ['1200', '1800', '600']),
    problems: [
      {
        category: Funding,
        description: '企业融资未到位，度假区二期工程停工待资金',
        department: '科左后旗政府、市金融办',
        due: '2023-06-30',
      },
    ],
  },
  {
    // 立项未开工: environmental approval pending long past the planned start.
    lead: '经安不锈钢冷轧项目',
    location: { lng: 120.663418, lat: 42.840526 },
    level: RegionMajor,
    nature: New,
    lifecycle: Preparation,
    owner: 'baoyintu',
    nodes: {
      registered: { done: '2022-07-15' },
      preparation: { planned: '2023-03-31' },
      construction: { planned: '2023-05-01' },
    },
    capacity: '不锈钢冷轧生产线，就地消纳经安一期镍铁合金',
    plans: { 2022: '20000' },
    problems: [
      {
        category: Environment,
        description: '项目环评报告待自治区生态环境厅批复',
        department: '市生态环境局、奈曼旗政府',
        due: 20,
        status: InProgress,
      },
    ],
  },
  {
    // 立项未开工.
    lead: '兴固新材料硅砂尾矿综合利用项目',
    level: CountyKey,
    nature: New,
    lifecycle: Registered,
    owner: 'alatancang',
    nodes: {
      registered: { done: '2022-08-10' },
      construction: { planned: '2023-04-15' },
    },
    capacity: '利用硅砂尾矿生产新型建材',
    problems: [
      {
        category: Land,
        description: '项目用地涉及林草地占用，征占用手续未批复',
        department: '科左后旗林草局、自然资源局',
        due: '2023-03-31',
      },
    ],
  },
  {
    // 立项未开工: the green-power line it needs is not built.
    lead: '锦联低碳铝项目',
    location: { lng: 119.642317, lat: 45.548612 },
    level: RegionMajor,
    nature: Renovation,
    lifecycle: Preparation,
    owner: 'eerdun',
    nodes: {
      registered: { done: '2022-06-01' },
      preparation: { planned: '2023-05-31' },
      construction: { planned: '2023-06-30' },
    },
    capacity: '以绿电置换自备电，建设低碳铝生产线',
    problems: [
      {
        category: Power,
        description: '绿电直供通道建设需电网公司配合',
        department: '国网通辽供电公司、市能源局',
        due: 10,
      },
    ],
  },

  // -- continuing projects entered directly (续建) -----------------------------------------
  {
    name: '中国中药库伦旗蒙药材GAP种植基地一期项目',
    location: { lng: 121.810247, lat: 42.735418 },
    enterprise: '中国中药',
    chain: '现代中医药(蒙医药)',
    county: '150524',
    totalInvestment: '18000',
    isContinuing: true,
    level: CountyKey,
    nature: New,
    lifecycle: Operating,
    nodes: {
      registered: { done: '2021-03-15' },
      preparation: { done: '2021-04-10' },
      construction: { planned: '2021-04-15', done: '2021-04-20' },
      operating: { planned: '2022-10-31', done: '2022-10-28' },
    },
    capacity: '蒙药材GAP种植基地1万亩及初加工车间',
    plans: { 2022: '6000' },
    progress: monthly('2022-04', ['600', '1200', '1500', '1300', '900', '500']),
  },
  {
    name: '中粮科技科左中旗玉米收储烘干项目',
    location: { lng: 123.312406, lat: 44.137215 },
    enterprise: '中粮科技',
    chain: '玉米生物',
    county: '150521',
    totalInvestment: '12000',
    isContinuing: true,
    level: CountyKey,
    nature: New,
    lifecycle: Operating,
    nodes: {
      registered: { done: '2021-06-10' },
      preparation: { done: '2021-06-30' },
      construction: { planned: '2021-07-01', done: '2021-07-05' },
      operating: { planned: '2022-09-30', done: '2022-09-30' },
    },
    capacity: '玉米收储50万吨及烘干塔4座，为生物基材料项目保障原料',
    plans: { 2022: '5000' },
    progress: monthly('2022-04', ['500', '900', '1200', '1100', '800', '500']),
  },
  {
    name: '蒙牛扎鲁特旗现代牧场一期项目',
    location: { lng: 120.905327, lat: 44.556108 },
    enterprise: '蒙牛',
    chain: '绿色农畜产品生产加工',
    county: '150526',
    totalInvestment: '45000',
    isContinuing: true,
    level: CityKey,
    nature: New,
    lifecycle: Operating,
    nodes: {
      registered: { done: '2021-02-20' },
      preparation: { done: '2021-04-30' },
      construction: { planned: '2021-05-01', done: '2021-05-10' },
      operating: { planned: '2022-11-30', done: '2022-11-30' },
    },
    capacity: '存栏万头奶牛现代化牧场及饲草料基地',
    plans: { 2022: '15000' },
    progress: monthly('2022-04', ['1200', '2000', '2600', '2800', '2400', '2000', '1400', '600']),
  },
];

/** The article's completed figure for 创源 must come out of its monthly reports exactly. */
const chuangyuan = DEMO_PROJECTS.find((p) => !isDirect(p) && p.lead.startsWith('创源'));
if (sumWanYuan(Object.values(chuangyuan?.progress ?? {})) !== '11000') throw new Error('demo-registry: 创源 monthly progress must add up to 11000万元 (1.1亿元)');
