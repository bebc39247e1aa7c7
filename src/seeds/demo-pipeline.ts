import { formatWanYuan, sumWanYuan, toUnits } from '../common/money/wan-yuan';
import { InteractionType } from '../interactions/entities/interaction.entity';
import { LeadClaimKind } from '../leads/entities/lead-claim.entity';
import { LeadSource, LeadStage } from '../leads/entities/lead-stage';
import { AgreementType } from '../signings/entities/signing.entity';

/**
 * The demo pipeline of the Tongliao organisation: leads in every stage, the 2022-04-27 spring
 * online signing conference with its 31 signings (591.95亿元), a lead collision and the
 * interaction log. Enterprises are named by their short name in config/tongliao/enterprises.json;
 * people by their demo username (each member belongs to one team, which the record is kept for).
 */

/** The conference as the article reports it. */
export const DEMO_SIGNING_EVENT = {
  name: '2022年春季网签大会',
  heldOn: '2022-04-27',
  isOnline: true,
  location: '通辽市（主会场 + 投资方视频连线）',
  description: '通辽市全员招商春季网签大会，主题“携春风之暖、赴共赢之约”：31个项目通过网络集中签约，签约额共计591.95亿元。',
  /** 万元: 591.95亿元. */
  totalAmount: '5919500',
  projectCount: 31,
} as const;

export interface DemoSigning {
  agreementType: AgreementType;
  /** 万元, a decimal string. */
  amount: string;
  signedOn: string;
  /** Signed at {@link DEMO_SIGNING_EVENT}. */
  atEvent: boolean;
}

export interface DemoLead {
  title: string;
  /** Short name in enterprises.json. */
  enterprise: string;
  chain: string;
  /** Username of the owner, who opens and moves the lead for their team. */
  owner: string;
  /** GB/T 2260 code of the target county (拟落地旗县区). */
  county: string;
  sourceRegion: string | null;
  source: LeadSource;
  /** 意向投资额, 万元. */
  intendedAmount: string;
  /** A date, or days from the day of seeding. */
  expectedSign: string | number;
  isAnchor?: boolean;
  notes?: string;
  /** Where it ends: an open stage, signed (with {@link signing}), on hold or lost (with {@link reason}). */
  stage: LeadStage;
  /** On hold and lost: the furthest open stage it reached before. */
  reached?: LeadStage;
  reason?: string;
  signing?: DemoSigning;
}

interface EventRow {
  title: string;
  enterprise: string;
  chain: string;
  owner: string;
  county: string;
  sourceRegion: string | null;
  source: LeadSource;
  agreementType: AgreementType;
  amount: string | null;
  isAnchor?: boolean;
}

const NEW_ENERGY = '新能源及装备制造';
const CORN = '玉米生物';
const ALUMINIUM = '铝基循环新材料';
const NICKEL = '镍基循环新材料';
const SILICA = '硅砂新材料';
const COAL_CHEM = '现代煤化工';
const AGRI = '绿色农畜产品生产加工';
const MEDICINE = '现代中医药(蒙医药)';
const TOURISM = '文化旅游';
const { DoorToDoor, BusinessReferral, ResidentOffice, Online, Exhibition } = LeadSource;
const { Framework, Investment, FormalContract } = AgreementType;

/** The 31 projects signed online on 2022-04-27; the first seven are the ones the article names. */
const EVENT_ROWS: EventRow[] = [
  { title: '开鲁县源网荷储一体化示范项目', enterprise: '开鲁源网荷储', chain: NEW_ENERGY, owner: 'gaozhiqiang', county: '150523', sourceRegion: '京津冀', source: DoorToDoor, agreementType: Investment, amount: '1150000', isAnchor: true },
  { title: '华能通辽风光储氢一体化项目', enterprise: '华能蒙东', chain: NEW_ENERGY, owner: 'zhanghongwei', county: '150521', sourceRegion: '京津冀', source: DoorToDoor, agreementType: Investment, amount: '1000000', isAnchor: true },
  { title: '锦联低碳铝项目', enterprise: '锦联铝材', chain: ALUMINIUM, owner: 'eerdun', county: '150581', sourceRegion: '长三角', source: BusinessReferral, agreementType: FormalContract, amount: '800000', isAnchor: true },
  { title: '经安不锈钢冷轧项目', enterprise: '经安有色', chain: NICKEL, owner: 'baoyintu', county: '150525', sourceRegion: '长三角', source: BusinessReferral, agreementType: Investment, amount: '512000', isAnchor: true },
  { title: '兴固新材料硅砂尾矿综合利用项目', enterprise: '兴固新材料', chain: SILICA, owner: 'alatancang', county: '150522', sourceRegion: null, source: Online, agreementType: Framework, amount: '286000' },
  { title: '梅花生物淀粉糖项目', enterprise: '梅花生物', chain: CORN, owner: 'sunlixin', county: '150502', sourceRegion: '京津冀', source: DoorToDoor, agreementType: FormalContract, amount: '238600.5', isAnchor: true },
  { title: '玉王生物二期项目', enterprise: '玉王生物', chain: CORN, owner: 'wangjianguo', county: '150523', sourceRegion: null, source: BusinessReferral, agreementType: Investment, amount: '153700' },
  { title: '凯盛科技高纯石英砂及光伏玻璃项目', enterprise: '凯盛科技', chain: SILICA, owner: 'caoli', county: '150522', sourceRegion: '京津冀', source: DoorToDoor, agreementType: Investment, amount: '150000' },
  { title: '海螺扎鲁特旗风光发电项目', enterprise: '海螺集团', chain: NEW_ENERGY, owner: 'lijing', county: '150526', sourceRegion: '长三角', source: DoorToDoor, agreementType: Framework, amount: '120000' },
  { title: '远景零碳产业园风机装备项目', enterprise: '远景能源', chain: NEW_ENERGY, owner: 'wuzhendong', county: '150502', sourceRegion: '长三角', source: DoorToDoor, agreementType: Framework, amount: '120000' },
  { title: '明阳智能风机主机制造项目', enterprise: '明阳智能', chain: NEW_ENERGY, owner: 'tianxue', county: '150502', sourceRegion: '珠三角', source: Online, agreementType: Investment, amount: '95000' },
  { title: '中广核开鲁风电项目', enterprise: '中广核新能源', chain: NEW_ENERGY, owner: 'baiyincang', county: '150523', sourceRegion: '珠三角', source: DoorToDoor, agreementType: Investment, amount: '88000.8' },
  { title: '阜丰玉米深加工氨基酸项目', enterprise: '阜丰集团', chain: CORN, owner: 'liuhongmei', county: '150523', sourceRegion: null, source: BusinessReferral, agreementType: Framework, amount: '126500' },
  { title: '中粮科技生物基材料项目', enterprise: '中粮科技', chain: CORN, owner: 'zhoujianhua', county: '150521', sourceRegion: '长三角', source: Online, agreementType: Framework, amount: '98000' },
  { title: '青山控股镍铁合金延链项目', enterprise: '青山控股', chain: NICKEL, owner: 'xuwenbin', county: '150525', sourceRegion: '长三角', source: DoorToDoor, agreementType: Framework, amount: '120000' },
  { title: '华友钴业镍钴材料回收利用项目', enterprise: '华友钴业', chain: NICKEL, owner: 'baoyintu', county: '150525', sourceRegion: '长三角', source: Exhibition, agreementType: Framework, amount: '76543.2109' },
  { title: '南山铝业铝板带深加工项目', enterprise: '南山铝业', chain: ALUMINIUM, owner: 'mengqinglin', county: '150581', sourceRegion: null, source: DoorToDoor, agreementType: Investment, amount: '65000' },
  { title: '立中集团铝合金车轮项目', enterprise: '立中集团', chain: ALUMINIUM, owner: 'fenglei', county: '150581', sourceRegion: '京津冀', source: BusinessReferral, agreementType: FormalContract, amount: '42300.75' },
  { title: '蒙牛扎鲁特旗奶源基地项目', enterprise: '蒙牛', chain: AGRI, owner: 'wuyunqiqige', county: '150526', sourceRegion: null, source: DoorToDoor, agreementType: Investment, amount: '56000' },
  { title: '科尔沁牛业肉牛屠宰精深加工项目', enterprise: '科尔沁牛业', chain: AGRI, owner: 'handesheng', county: '150523', sourceRegion: null, source: DoorToDoor, agreementType: FormalContract, amount: '23456.789' },
  { title: '新希望六和肉牛养殖及饲料项目', enterprise: '新希望六和', chain: AGRI, owner: 'yangfan', county: '150523', sourceRegion: '成渝', source: Online, agreementType: Framework, amount: '35000' },
  { title: '同仁堂蒙中药材种植加工项目', enterprise: '同仁堂', chain: MEDICINE, owner: 'baohailong', county: '150502', sourceRegion: '京津冀', source: ResidentOffice, agreementType: Investment, amount: '28000' },
  { title: '中国中药库伦旗蒙药材基地项目', enterprise: '中国中药', chain: MEDICINE, owner: 'xuming', county: '150524', sourceRegion: '珠三角', source: ResidentOffice, agreementType: Framework, amount: '22000.5' },
  { title: '三一重能风电装备制造项目', enterprise: '三一重能', chain: NEW_ENERGY, owner: 'sarengaowa', county: '150502', sourceRegion: '京津冀', source: ResidentOffice, agreementType: Framework, amount: '80000' },
  { title: '国家能源集团霍林河煤基新材料项目', enterprise: '国家能源集团', chain: COAL_CHEM, owner: 'bateer', county: '150581', sourceRegion: '京津冀', source: DoorToDoor, agreementType: Framework, amount: '86000' },
  { title: '中煤扎鲁特旗绿色煤化工示范项目', enterprise: '中煤集团', chain: COAL_CHEM, owner: 'zhanghongwei', county: '150526', sourceRegion: '京津冀', source: DoorToDoor, agreementType: Framework, amount: '90000' },
  { title: '华侨城大青沟文旅综合开发项目', enterprise: '华侨城', chain: TOURISM, owner: 'alatancang', county: '150522', sourceRegion: '珠三角', source: Exhibition, agreementType: Framework, amount: '45000' },
  { title: '宋城演艺科尔沁千古情项目', enterprise: '宋城演艺', chain: TOURISM, owner: 'sunlixin', county: '150502', sourceRegion: '长三角', source: Online, agreementType: Framework, amount: '30000' },
  { title: '南玻集团奈曼旗石英砂提纯项目', enterprise: '南玻集团', chain: SILICA, owner: 'xuwenbin', county: '150525', sourceRegion: '珠三角', source: DoorToDoor, agreementType: Investment, amount: '60000' },
  { title: '比亚迪开鲁储能电站项目', enterprise: '比亚迪', chain: NEW_ENERGY, owner: 'mali', county: '150523', sourceRegion: '珠三角', source: BusinessReferral, agreementType: Framework, amount: '70000' },
  // Its amount is what the other thirty leave of 5919500万元.
  { title: '金风科技科尔沁区风电装备项目', enterprise: '金风科技', chain: NEW_ENERGY, owner: 'wuzhendong', county: '150502', sourceRegion: '京津冀', source: DoorToDoor, agreementType: Investment, amount: null },
];

/** The one amount left open is the remainder, in exact 万元, so the conference adds up to the last digit. */
function withRemainder(rows: EventRow[]): Array<EventRow & { amount: string }> {
  const open = rows.filter((r) => r.amount === null);
  const remainder = toUnits(DEMO_SIGNING_EVENT.totalAmount) - toUnits(sumWanYuan(rows.flatMap((r) => (r.amount === null ? [] : [r.amount]))));
  if (rows.length !== DEMO_SIGNING_EVENT.projectCount || open.length !== 1 || remainder <= 0n) {
    throw new Error(`demo-pipeline: the conference needs ${DEMO_SIGNING_EVENT.projectCount} signings, one of them the remainder of ${DEMO_SIGNING_EVENT.totalAmount}万元 (have ${rows.length}, ${open.length} open, remainder ${formatWanYuan(remainder)})`);
  }
  const filled = rows.map((r) => ({ ...r, amount: r.amount ?? formatWanYuan(remainder) }));
  if (sumWanYuan(filled.map((r) => r.amount)) !== DEMO_SIGNING_EVENT.totalAmount) throw new Error('demo-pipeline: the conference does not add up');
  return filled;
}

const eventLeads: DemoLead[] = withRemainder(EVENT_ROWS).map(({ agreementType, amount, ...row }) => ({
  ...row,
  intendedAmount: amount,
  expectedSign: DEMO_SIGNING_EVENT.heldOn,
  stage: LeadStage.Signed,
  signing: { agreementType, amount, signedOn: DEMO_SIGNING_EVENT.heldOn, atEvent: true },
}));

/** Every demo lead: the conference's 31, two signed earlier, and the open and set-aside ones. */
export const DEMO_LEADS: readonly DemoLead[] = [
  ...eventLeads,
  {
    title: '创源40万吨轻质高强铝合金材料项目', enterprise: '创源金属', chain: ALUMINIUM, owner: 'fenglei', county: '150581', sourceRegion: null, source: BusinessReferral,
    intendedAmount: '16000', expectedSign: '2021-09-30', stage: LeadStage.Signed, notes: '总投资1.6亿元，2022年计划投资0.8亿元。',
    signing: { agreementType: FormalContract, amount: '16000', signedOn: '2021-09-28', atEvent: false },
  },
  {
    title: '龙马高端装备制造基地项目', enterprise: '龙马重工', chain: NEW_ENERGY, owner: 'wuzhendong', county: '150502', sourceRegion: '长三角', source: BusinessReferral,
    intendedAmount: '1350000', expectedSign: '2021-10-15', isAnchor: true, stage: LeadStage.Signed, notes: '引进11家上下游企业，预计年产值100亿元、年利税5亿元。',
    signing: { agreementType: Investment, amount: '1350000', signedOn: '2021-10-12', atEvent: false },
  },

  // 线索
  { title: '隆基绿能硅材料项目', enterprise: '隆基绿能', chain: SILICA, owner: 'caoli', county: '150522', sourceRegion: null, source: Online, intendedAmount: '200000', expectedSign: 180, stage: LeadStage.Lead },
  { title: '伊利开鲁优质饲草基地项目', enterprise: '伊利', chain: AGRI, owner: 'yuhaiyan', county: '150523', sourceRegion: null, source: DoorToDoor, intendedAmount: '30000', expectedSign: 150, stage: LeadStage.Lead },
  { title: '信义光能光伏玻璃原料基地项目', enterprise: '信义光能', chain: SILICA, owner: 'baoyintu', county: '150525', sourceRegion: '珠三角', source: Exhibition, intendedAmount: '150000', expectedSign: 210, stage: LeadStage.Lead },
  { title: '宝丰能源绿氢耦合煤化工项目', enterprise: '宝丰能源', chain: COAL_CHEM, owner: 'lijing', county: '150526', sourceRegion: null, source: BusinessReferral, intendedAmount: '300000', expectedSign: 240, isAnchor: true, stage: LeadStage.Lead },

  // 初步接洽
  { title: '华电科尔沁区风电项目', enterprise: '华电内蒙古', chain: NEW_ENERGY, owner: 'baohailong', county: '150502', sourceRegion: '京津冀', source: ResidentOffice, intendedAmount: '180000', expectedSign: 120, stage: LeadStage.Contacted },
  { title: '国家电投开鲁综合智慧能源项目', enterprise: '国家电投', chain: NEW_ENERGY, owner: 'gaozhiqiang', county: '150523', sourceRegion: '京津冀', source: DoorToDoor, intendedAmount: '95000', expectedSign: 120, stage: LeadStage.Contacted },
  { title: '中国铝业霍林郭勒铝深加工项目', enterprise: '中国铝业', chain: ALUMINIUM, owner: 'eerdun', county: '150581', sourceRegion: '京津冀', source: DoorToDoor, intendedAmount: '120000', expectedSign: 150, stage: LeadStage.Contacted },
  { title: '正大科左中旗玉米饲料加工项目', enterprise: '正大中国', chain: CORN, owner: 'zhoujianhua', county: '150521', sourceRegion: '长三角', source: BusinessReferral, intendedAmount: '60000', expectedSign: 100, stage: LeadStage.Contacted },

  // 考察对接
  { title: '德龙镍业不锈钢制品项目', enterprise: '德龙镍业', chain: NICKEL, owner: 'xuwenbin', county: '150525', sourceRegion: '长三角', source: BusinessReferral, intendedAmount: '250000', expectedSign: 75, isAnchor: true, stage: LeadStage.SiteVisit },
  { title: '福莱特光伏玻璃原片项目', enterprise: '福莱特', chain: SILICA, owner: 'alatancang', county: '150522', sourceRegion: '长三角', source: Exhibition, intendedAmount: '90000', expectedSign: 90, stage: LeadStage.SiteVisit },
  { title: '蒙药股份蒙药制剂扩建项目', enterprise: '蒙药股份', chain: MEDICINE, owner: 'sarengaowa', county: '150502', sourceRegion: null, source: DoorToDoor, intendedAmount: '15000', expectedSign: 60, stage: LeadStage.SiteVisit },
  { title: '伊赛牛肉肉牛养殖屠宰一体化项目', enterprise: '伊赛牛肉', chain: AGRI, owner: 'guozhenyu', county: '150523', sourceRegion: null, source: BusinessReferral, intendedAmount: '40000', expectedSign: 90, stage: LeadStage.SiteVisit },

  // 实质性洽谈
  { title: '三峡能源库伦旗风光储一体化项目', enterprise: '三峡能源', chain: NEW_ENERGY, owner: 'bateer', county: '150524', sourceRegion: '京津冀', source: DoorToDoor, intendedAmount: '220000', expectedSign: 30, isAnchor: true, stage: LeadStage.Negotiating },
  { title: '华能霍林河绿电制氢耦合煤化工项目', enterprise: '华能蒙东', chain: COAL_CHEM, owner: 'zhanghongwei', county: '150581', sourceRegion: '京津冀', source: DoorToDoor, intendedAmount: '150000', expectedSign: 45, stage: LeadStage.Negotiating },
  { title: '海螺集团科左后旗硅基新材料项目', enterprise: '海螺集团', chain: SILICA, owner: 'caoli', county: '150522', sourceRegion: '长三角', source: BusinessReferral, intendedAmount: '85000', expectedSign: 40, stage: LeadStage.Negotiating },
  { title: '首农食品科左中旗肉牛全产业链项目', enterprise: '首农食品', chain: AGRI, owner: 'wuyunqiqige', county: '150521', sourceRegion: '京津冀', source: ResidentOffice, intendedAmount: '45000', expectedSign: 35, stage: LeadStage.Negotiating },

  // 搁置
  {
    title: '协鑫颗粒硅及配套光伏项目', enterprise: '协鑫集团', chain: NEW_ENERGY, owner: 'wuzhendong', county: '150502', sourceRegion: '长三角', source: DoorToDoor, intendedAmount: '300000', expectedSign: 300,
    stage: LeadStage.OnHold, reached: LeadStage.SiteVisit, reason: '受多晶硅价格下行影响，企业暂缓新增产能投资，约定明年一季度再议',
  },
  {
    title: '魏桥创业铝深加工项目', enterprise: '魏桥创业', chain: ALUMINIUM, owner: 'mengqinglin', county: '150581', sourceRegion: null, source: DoorToDoor, intendedAmount: '500000', expectedSign: 365,
    stage: LeadStage.OnHold, reached: LeadStage.Negotiating, reason: '电解铝产能指标置换政策尚未明确，待自治区批复后再推进',
  },

  // 终止
  {
    title: '新希望六和玉米饲料加工项目', enterprise: '新希望六和', chain: CORN, owner: 'tianxue', county: '150502', sourceRegion: '成渝', source: Online, intendedAmount: '40000', expectedSign: 90,
    stage: LeadStage.Lost, reached: LeadStage.Contacted, reason: '企业调整饲料产能规划，不再新建北方玉米加工基地',
  },
  {
    title: '凯盛光伏组件项目', enterprise: '凯盛科技', chain: NEW_ENERGY, owner: 'mali', county: '150523', sourceRegion: '京津冀', source: DoorToDoor, intendedAmount: '60000', expectedSign: 120,
    stage: LeadStage.Lost, reached: LeadStage.SiteVisit, reason: '企业光伏组件项目已选址省外落地',
  },
];

/**
 * 撞单: the 大榆树镇 squad met 伊赛牛肉 about a cattle base in its township, found that 开鲁县招商一队
 * had registered the enterprise for the same chain first, and asks to co-pursue it.
 */
export const DEMO_COLLISION = {
  /** The holding lead, by title in {@link DEMO_LEADS}. */
  holdingLead: '伊赛牛肉肉牛养殖屠宰一体化项目',
  by: 'handesheng',
  attemptedTitle: '伊赛牛肉大榆树镇肉牛养殖基地项目',
  target: { code: '150523', township: '大榆树镇' },
  intendedAmount: '20000',
  kind: LeadClaimKind.CoPursue,
  reason: '企业拟在大榆树镇建设万头肉牛养殖基地，我镇已两次上门对接并提供了养殖用地方案，申请与开鲁县招商一队联合跟进。',
} as const;

export interface DemoInteraction {
  /** Short name in enterprises.json. */
  enterprise: string;
  /** The author (username); the interaction is kept for their team. */
  by: string;
  /** Other people who went. */
  with?: string[];
  /** Contact people met, by name. */
  met?: string[];
  type: InteractionType;
  /** `2022-03-15`, `2022-03-15T14:30` (Beijing time), or days before the day of seeding. */
  on: string | number;
  location?: string;
  summary: string;
  outcome?: string;
  /** Next follow-up, in days from the day of seeding (the API refuses past ones). */
  followUp?: number;
}

const { Visit, InboundVisit, Call, Video, PromotionEvent } = InteractionType;

/** The hand-written log; the signing conference's own entries are derived from the event's leads. */
export const DEMO_INTERACTIONS: readonly DemoInteraction[] = [
  // The conference's headline projects, winter and spring 2022.
  { enterprise: '梅花生物', by: 'sunlixin', with: ['zhoujianhua'], met: ['杨宏亮'], type: Visit, on: '2022-01-12', location: '河北省廊坊市', summary: '赴梅花生物总部拜访，介绍通辽玉米资源、蒸汽和电价优势，对方有意在通辽基地延伸淀粉糖产品线。', outcome: '对方同意春节后派技术团队来通考察。' },
  { enterprise: '梅花生物', by: 'sunlixin', met: ['杨宏亮', '卢静'], type: InboundVisit, on: '2022-02-24', location: '通辽市科尔沁区', summary: '梅花生物技术团队来通考察现有厂区周边用地和供汽条件，市投促中心陪同察看工业园区。', outcome: '初步明确淀粉糖项目选址在现有厂区东侧。' },
  { enterprise: '梅花生物', by: 'zhoujianhua', met: ['卢静'], type: Video, on: '2022-04-08T15:00', summary: '视频会商淀粉糖项目协议文本，逐条确认用地、能评和供汽价格条款。', outcome: '协议文本定稿，拟在4月27日网签大会上签约。' },
  { enterprise: '华能蒙东', by: 'zhanghongwei', with: ['lijing'], met: ['刘振华'], type: Visit, on: '2022-01-20', location: '通辽市科尔沁区', summary: '拜访华能内蒙古东部能源有限公司，对接风光储氢一体化项目的风光资源配置和制氢用地。', outcome: '企业提交项目初步方案。' },
  { enterprise: '华能蒙东', by: 'lijing', met: ['孙海涛'], type: PromotionEvent, on: '2022-03-10', location: '北京市', summary: '通辽市新能源产业（北京）推介会，华能蒙东负责同志参会，就风光储氢一体化项目作交流发言。', outcome: '会后约定4月中旬会商投资协议。' },
  { enterprise: '华能蒙东', by: 'zhanghongwei', met: ['刘振华', '孙海涛'], type: Video, on: '2022-04-15T10:30', summary: '视频会商投资协议，明确风电、光伏装机规模和配套制氢产能。', outcome: '确定4月27日网签。' },
  { enterprise: '锦联铝材', by: 'eerdun', with: ['mengqinglin'], met: ['沈国强'], type: Visit, on: '2022-02-16', location: '霍林郭勒市', summary: '到锦联铝材对接低碳铝项目，企业计划以绿电置换现有自备电，建设低碳铝生产线。' },
  { enterprise: '锦联铝材', by: 'mengqinglin', met: ['吴丽萍'], type: Call, on: '2022-03-29', summary: '电话对接低碳铝项目绿电指标和能耗指标测算，企业提供初步测算表。', outcome: '能耗指标由市发改委牵头复核。' },
  { enterprise: '经安有色', by: 'baoyintu', with: ['xuwenbin'], met: ['许宏斌'], type: Visit, on: '2022-01-25', location: '奈曼旗', summary: '到经安一期镍铁合金项目现场，对接不锈钢冷轧延链项目。', outcome: '企业同意3月组织董事会成员来奈曼考察。' },
  { enterprise: '经安有色', by: 'baoyintu', met: ['许宏斌', '邵文杰'], type: InboundVisit, on: '2022-03-18', location: '奈曼旗', summary: '经安集团董事长一行来奈曼考察不锈钢冷轧项目选址，旗委主要领导陪同。', outcome: '选址确定在奈曼工业园区镍基产业区。' },
  { enterprise: '兴固新材料', by: 'alatancang', met: ['孔令军'], type: Video, on: '2022-02-22T14:00', summary: '视频对接兴固新材料，企业介绍利用硅砂尾矿生产新型建材的工艺路线和产能规划。' },
  { enterprise: '兴固新材料', by: 'alatancang', with: ['caoli'], met: ['孔令军'], type: InboundVisit, on: '2022-04-06', location: '科尔沁左翼后旗', summary: '兴固新材料团队来科左后旗考察硅砂资源和工业园区用地。', outcome: '企业确认参加4月27日网签。' },
  { enterprise: '玉王生物', by: 'wangjianguo', with: ['liuhongmei'], met: ['钱玉海'], type: Visit, on: '2022-01-18', location: '开鲁县', summary: '走访玉王生物，对接二期玉米淀粉及变性淀粉扩产计划。', outcome: '企业提出配套供汽和污水处理需求。' },
  { enterprise: '玉王生物', by: 'wangjianguo', met: ['邓丽娜'], type: Call, on: '2022-03-22', summary: '电话确认二期项目投资协议条款和用地红线。' },
  { enterprise: '开鲁源网荷储', by: 'gaozhiqiang', with: ['baiyincang'], met: ['陈志远'], type: Visit, on: '2022-01-10', location: '开鲁县', summary: '对接源网荷储一体化示范项目，确认新能源装机、储能配置和负荷侧用户清单。' },
  { enterprise: '开鲁源网荷储', by: 'mali', met: ['何晓燕'], type: PromotionEvent, on: '2022-02-28', location: '开鲁县', summary: '开鲁县新能源产业推介会，介绍源网荷储一体化示范项目和配套产业园政策。', outcome: '项目公司确认负荷侧首批入园企业。' },
  { enterprise: '开鲁源网荷储', by: 'gaozhiqiang', met: ['陈志远'], type: Video, on: '2022-04-12T09:30', summary: '视频会商源网荷储一体化项目投资协议，明确分期建设计划。', outcome: '协议定稿，上报县政府常务会审议。' },
  { enterprise: '凯盛科技', by: 'caoli', with: ['alatancang'], met: ['唐建军'], type: Visit, on: '2022-03-02', location: '北京市海淀区', summary: '赴北京拜访凯盛科技集团，推介科左后旗硅砂资源和光伏玻璃产业配套条件。' },
  { enterprise: '凯盛科技', by: 'caoli', met: ['唐建军', '韩雪梅'], type: InboundVisit, on: '2022-04-14', location: '科尔沁左翼后旗', summary: '凯盛科技考察组来科左后旗查看硅砂矿区和园区用地。', outcome: '企业同意就石英砂提纯和光伏玻璃项目签订投资协议。' },
  { enterprise: '海螺集团', by: 'lijing', met: ['蒋文涛'], type: Visit, on: '2022-02-18', location: '安徽省芜湖市', summary: '赴芜湖拜访海螺集团新能源事业部，推介扎鲁特旗风光资源。' },
  { enterprise: '远景能源', by: 'wuzhendong', met: ['周明辉'], type: Visit, on: '2022-03-08', location: '上海市', summary: '拜访远景能源北方区域，对接零碳产业园和风机装备制造项目。', outcome: '企业提出配套风电资源的诉求，报市能源局研究。' },
  { enterprise: '明阳智能', by: 'tianxue', met: ['郑伟强'], type: Video, on: '2022-03-16', summary: '视频对接明阳智能风机主机制造项目，介绍科尔沁区装备制造园区配套。' },
  { enterprise: '中广核新能源', by: 'baiyincang', met: ['林志斌'], type: Visit, on: '2022-02-21', location: '广东省深圳市', summary: '赴深圳拜访中广核新能源，推介开鲁县风电资源和源网荷储一体化项目配套。' },
  { enterprise: '阜丰集团', by: 'liuhongmei', with: ['yangfan'], met: ['曹庆华'], type: Visit, on: '2022-02-10', location: '山东省临沂市', summary: '赴临沂拜访阜丰集团，对接玉米深加工氨基酸项目。', outcome: '企业同意来开鲁考察。' },
  { enterprise: '中粮科技', by: 'zhoujianhua', met: ['魏东升'], type: Video, on: '2022-03-03', summary: '视频对接中粮科技生物基材料项目，介绍科左中旗玉米资源和园区条件。' },
  { enterprise: '青山控股', by: 'xuwenbin', met: ['叶建平'], type: Visit, on: '2022-02-14', location: '浙江省温州市', summary: '赴温州拜访青山控股，对接镍铁合金延链项目。' },
  { enterprise: '华友钴业', by: 'baoyintu', met: ['程立军'], type: Video, on: '2022-03-24', summary: '视频对接华友钴业镍钴材料回收利用项目，企业关注镍铁原料保障和危废处置资质。' },
  { enterprise: '南山铝业', by: 'mengqinglin', met: ['王树森'], type: Visit, on: '2022-03-11', location: '山东省烟台市', summary: '赴龙口拜访南山铝业，推介霍林郭勒铝水就地转化政策。' },
  { enterprise: '立中集团', by: 'fenglei', met: ['臧国栋', '冯蕾'], type: InboundVisit, on: '2022-03-30', location: '霍林郭勒市', summary: '立中集团考察组来霍林郭勒考察铝合金车轮项目选址。' },
  { enterprise: '蒙牛', by: 'wuyunqiqige', met: ['苏日娜'], type: Visit, on: '2022-02-08', location: '呼和浩特市', summary: '拜访蒙牛奶源发展部，推介扎鲁特旗草场和饲草料资源。' },
  { enterprise: '科尔沁牛业', by: 'handesheng', with: ['yuhaiyan'], met: ['包金山'], type: Visit, on: '2022-03-05', location: '通辽市科尔沁区', summary: '走访科尔沁牛业，对接在大榆树镇建设肉牛屠宰精深加工项目。', outcome: '企业确认选址大榆树镇。' },
  { enterprise: '新希望六和', by: 'yangfan', met: ['张永红'], type: Video, on: '2022-03-14', summary: '视频对接新希望六和肉牛养殖及饲料项目。' },
  { enterprise: '同仁堂', by: 'baohailong', with: ['xuming'], met: ['赵德明'], type: Visit, on: '2022-02-17', location: '北京市东城区', summary: '驻京小分队拜访同仁堂药材基地事业部，推介蒙中药材种植基地条件。' },
  { enterprise: '中国中药', by: 'xuming', met: ['黄建华'], type: Video, on: '2022-03-21', summary: '视频对接中国中药库伦旗蒙药材基地项目。' },
  { enterprise: '三一重能', by: 'sarengaowa', met: ['谢晓东'], type: Visit, on: '2022-03-09', location: '北京市昌平区', summary: '拜访三一重能，对接风电装备制造项目落地科尔沁区。' },
  { enterprise: '国家能源集团', by: 'bateer', met: ['董志刚'], type: Visit, on: '2022-02-23', location: '北京市东城区', summary: '赴国家能源集团总部对接霍林河煤基新材料项目。' },
  { enterprise: '中煤集团', by: 'zhanghongwei', met: ['田伟'], type: Visit, on: '2022-03-17', location: '北京市朝阳区', summary: '拜访中煤集团战略规划部，对接扎鲁特旗绿色煤化工示范项目。' },
  { enterprise: '华侨城', by: 'alatancang', met: ['郭子健'], type: Video, on: '2022-03-25', summary: '视频对接华侨城大青沟文旅综合开发项目，介绍景区资源和旅游线路。' },
  { enterprise: '宋城演艺', by: 'sunlixin', met: ['徐晨'], type: Video, on: '2022-04-02', summary: '视频对接宋城演艺科尔沁千古情项目，讨论剧场选址和客源测算。' },
  { enterprise: '南玻集团', by: 'xuwenbin', met: ['彭立新'], type: Call, on: '2022-03-28', summary: '电话对接南玻集团石英砂提纯项目，寄送奈曼旗硅砂检测报告。' },
  { enterprise: '比亚迪', by: 'mali', met: ['严俊'], type: Visit, on: '2022-03-15', location: '广东省深圳市', summary: '赴深圳拜访比亚迪储能事业部，对接开鲁储能电站项目。' },
  { enterprise: '金风科技', by: 'wuzhendong', with: ['tianxue'], met: ['段宏伟'], type: Visit, on: '2022-03-04', location: '北京市大兴区', summary: '赴北京亦庄拜访金风科技，对接科尔沁区风电装备项目。', outcome: '企业同意4月来通考察。' },
  { enterprise: '金风科技', by: 'wuzhendong', met: ['段宏伟', '薛宁'], type: InboundVisit, on: '2022-04-19', location: '通辽市科尔沁区', summary: '金风科技考察组来科尔沁区考察装备制造园区和风电资源。', outcome: '确定参加4月27日网签。' },

  // Signed before the conference, and served since.
  { enterprise: '创源金属', by: 'fenglei', met: ['于建成'], type: Visit, on: '2021-09-10', location: '霍林郭勒市', summary: '对接创源40万吨轻质高强铝合金材料项目，确认用地和铝水供应方案。' },
  { enterprise: '龙马重工', by: 'wuzhendong', met: ['任国峰'], type: Visit, on: '2021-09-16', location: '江苏省南京市', summary: '拜访龙马重工，对接高端装备制造基地项目，企业计划引进上下游配套企业。' },
  { enterprise: '经安有色', by: 'xuwenbin', met: ['邵文杰'], type: Visit, on: '2022-06-15', location: '奈曼旗', summary: '跟进经安一期镍铁合金项目：总投资68.06亿元，年度计划投资2亿元，建设120万吨镍铁合金、60万吨硅锰合金和40万吨高碳铬铁合金生产线。', outcome: '企业反映硅锰合金生产线电力接入需加快，报旗项目办协调。' },
  { enterprise: '创源金属', by: 'fenglei', with: ['eerdun'], met: ['于建成', '吕晓红'], type: Visit, on: '2022-07-20', location: '霍林郭勒市', summary: '重点项目观摩：创源40万吨轻质高强铝合金材料项目年度计划投资0.8亿元，累计完成投资1.1亿元。' },
  { enterprise: '龙马重工', by: 'wuzhendong', with: ['tianxue'], met: ['宋佳怡'], type: Visit, on: '2022-07-08', location: '通辽市科尔沁区', summary: '走访龙马高端装备制造基地：焊接车间2条生产线设备安装调试，风叶车间6月底封闭完成。', outcome: '8月风叶车间正式投产。' },

  // Recent months: after-care of signed projects.
  { enterprise: '梅花生物', by: 'sunlixin', met: ['杨宏亮'], type: Call, on: 20, summary: '电话回访淀粉糖项目运行情况，了解二期扩能意向，对方表示明年初启动可研。', outcome: '约定可研启动前再赴廊坊面谈。', followUp: 3 },
  { enterprise: '锦联铝材', by: 'eerdun', met: ['沈国强'], type: Visit, on: 30, location: '霍林郭勒市', summary: '走访低碳铝项目，企业反映绿电直供通道建设需电网公司配合。', outcome: '问题列入市级卡点堵点清单。', followUp: 5 },
  { enterprise: '经安有色', by: 'baoyintu', met: ['许宏斌'], type: Visit, on: 25, location: '奈曼旗', summary: '跟进不锈钢冷轧项目前期手续，企业环评报告已报自治区生态环境厅。', followUp: 1 },
  { enterprise: '玉王生物', by: 'liuhongmei', met: ['钱玉海'], type: Visit, on: 15, location: '开鲁县', summary: '走访玉王生物二期项目，企业反映污水处理配套需园区统一规划。', outcome: '已转开鲁工业园区管委会研究。', followUp: 4 },
  { enterprise: '开鲁源网荷储', by: 'gaozhiqiang', met: ['何晓燕'], type: Call, on: 12, summary: '电话了解储能电站并网调试进度，约定到现场查看并网准备情况。', followUp: 0 },
  { enterprise: '华能蒙东', by: 'lijing', met: ['孙海涛'], type: Visit, on: 45, location: '科尔沁左翼中旗', summary: '走访风光储氢一体化项目现场，企业反映部分集电线路用地审批进度慢。', outcome: '问题已报市项目办协调。' },
  { enterprise: '远景能源', by: 'wuzhendong', met: ['袁芳'], type: Call, on: 40, summary: '电话对接零碳产业园二期招商，企业推荐两家配套企业来科尔沁区考察。' },
  { enterprise: '科尔沁牛业', by: 'handesheng', met: ['刘春燕'], type: Visit, on: 18, location: '开鲁县大榆树镇', summary: '走访肉牛屠宰精深加工项目，了解冷库建设和活牛收购渠道。', followUp: 6 },
  { enterprise: '创源金属', by: 'fenglei', met: ['吕晓红'], type: Visit, on: 35, location: '霍林郭勒市', summary: '跟进轻质高强铝合金材料项目投产后的订单和用工情况。' },
  { enterprise: '龙马重工', by: 'wuzhendong', met: ['任国峰'], type: Visit, on: 9, location: '通辽市科尔沁区', summary: '走访龙马高端装备制造基地，对接第二批上下游配套企业入园。', outcome: '企业提供拟入园企业名单。', followUp: 3 },

  // Recent months: leads still open.
  { enterprise: '隆基绿能', by: 'caoli', met: ['方振宇'], type: Call, on: 21, summary: '首次电话联系隆基绿能供应链资源部，介绍科左后旗硅砂资源，对方索要矿区资料。', followUp: 7 },
  { enterprise: '伊利', by: 'yuhaiyan', met: ['乌日娜'], type: Call, on: 14, summary: '电话联系伊利奶源建设部，推介开鲁县优质饲草种植基地。', followUp: 2 },
  { enterprise: '信义光能', by: 'baoyintu', met: ['蔡文辉', '温嘉欣'], type: PromotionEvent, on: 30, location: '广东省深圳市', summary: '在深圳光伏产业链推介会上与信义光能接洽，推介奈曼旗低铁石英砂资源。' },
  { enterprise: '宝丰能源', by: 'lijing', met: ['马建军'], type: Call, on: 11, summary: '经客商引荐电话联系宝丰能源，介绍扎鲁特旗风光资源和绿氢耦合煤化工条件。', followUp: 5 },
  { enterprise: '华电内蒙古', by: 'baohailong', met: ['白志勇'], type: Visit, on: 60, location: '呼和浩特市', summary: '拜访华电内蒙古新能源开发部，推介科尔沁区风电资源。' },
  { enterprise: '华电内蒙古', by: 'baohailong', met: ['闫冬梅'], type: Call, on: 8, summary: '电话跟进华电风电项目测风数据需求，约定寄送测风塔资料。', followUp: 1 },
  { enterprise: '国家电投', by: 'gaozhiqiang', with: ['baiyincang'], met: ['康立伟'], type: Visit, on: 33, location: '北京市西城区', summary: '赴国家电投总部对接开鲁综合智慧能源项目。', outcome: '企业同意年底前来开鲁实地考察。' },
  { enterprise: '中国铝业', by: 'eerdun', met: ['姚光明'], type: Visit, on: 27, location: '北京市海淀区', summary: '拜访中国铝业发展规划部，推介霍林郭勒铝深加工园区。' },
  { enterprise: '中国铝业', by: 'eerdun', met: ['贺晴'], type: Call, on: 4, summary: '电话确认中铝考察组来霍林郭勒的时间和行程安排。', followUp: 2 },
  { enterprise: '正大中国', by: 'zhoujianhua', met: ['陶志明'], type: Visit, on: 19, location: '上海市浦东新区', summary: '拜访正大（中国）投资有限公司，对接科左中旗玉米饲料加工项目。' },
  { enterprise: '德龙镍业', by: 'xuwenbin', met: ['戴永刚'], type: Visit, on: 70, location: '江苏省盐城市', summary: '赴盐城拜访德龙镍业，推介奈曼旗镍基产业园和不锈钢制品项目。' },
  { enterprise: '德龙镍业', by: 'xuwenbin', with: ['baoyintu'], met: ['戴永刚', '史晓丽'], type: InboundVisit, on: 28, location: '奈曼旗', summary: '德龙镍业考察组来奈曼旗考察园区用地、电价和镍铁原料供应。', outcome: '企业要求提供用电价格承诺函。' },
  { enterprise: '德龙镍业', by: 'xuwenbin', met: ['史晓丽'], type: Call, on: 5, summary: '电话沟通用电价格承诺函草稿，企业提出补充修改意见。', followUp: 3 },
  { enterprise: '福莱特', by: 'alatancang', met: ['阮建明'], type: PromotionEvent, on: 50, location: '浙江省杭州市', summary: '长三角新材料产业推介会上与福莱特接洽，推介科左后旗石英砂资源。' },
  { enterprise: '福莱特', by: 'alatancang', with: ['caoli'], met: ['阮建明'], type: InboundVisit, on: 16, location: '科尔沁左翼后旗', summary: '福莱特考察组来科左后旗考察硅砂矿区和光伏玻璃原片项目选址。' },
  { enterprise: '蒙药股份', by: 'sarengaowa', met: ['其木格', '额尔德尼'], type: Visit, on: 22, location: '通辽市科尔沁区', summary: '走访蒙药股份，对接蒙药制剂扩建项目用地和GMP改造需求。' },
  { enterprise: '伊赛牛肉', by: 'guozhenyu', met: ['穆永强'], type: Visit, on: 80, location: '河南省郑州市', summary: '赴郑州拜访伊赛牛肉，推介开鲁县肉牛养殖和屠宰加工条件。' },
  { enterprise: '伊赛牛肉', by: 'guozhenyu', with: ['wangjianguo'], met: ['穆永强', '马晓峰'], type: InboundVisit, on: 36, location: '开鲁县', summary: '伊赛牛肉考察组来开鲁县考察肉牛养殖基地和屠宰加工园区。', outcome: '企业要求提供养殖用地和环评方案。' },
  { enterprise: '伊赛牛肉', by: 'guozhenyu', met: ['马晓峰'], type: Call, on: 7, summary: '电话沟通养殖用地和环评方案，约定今日报送用地方案。', followUp: 0 },
  { enterprise: '伊赛牛肉', by: 'handesheng', with: ['yuhaiyan'], met: ['马晓峰'], type: Visit, on: 10, location: '河南省郑州市', summary: '大榆树镇招商小分队拜访伊赛牛肉，推介大榆树镇万头肉牛养殖基地用地。', outcome: '得知开鲁县招商一队已登记该企业项目，拟申请联合跟进。' },
  { enterprise: '三峡能源', by: 'bateer', met: ['雷鸣'], type: Visit, on: 90, location: '北京市通州区', summary: '拜访三峡能源，推介库伦旗风光资源和储能配套政策。' },
  { enterprise: '三峡能源', by: 'bateer', with: ['zhanghongwei'], met: ['雷鸣', '范晓雨'], type: InboundVisit, on: 40, location: '库伦旗', summary: '三峡能源考察组来库伦旗考察风光储一体化项目场址。', outcome: '企业启动项目可研。' },
  { enterprise: '三峡能源', by: 'bateer', met: ['范晓雨'], type: Video, on: 3, summary: '视频会商风光储一体化项目投资协议主要条款。', outcome: '协议初稿已交换，待双方法务审核。', followUp: 4 },
  { enterprise: '华能蒙东', by: 'zhanghongwei', met: ['刘振华'], type: Visit, on: 55, location: '霍林郭勒市', summary: '对接华能霍林河绿电制氢耦合煤化工项目，讨论绿氢消纳和煤化工改造方案。' },
  { enterprise: '华能蒙东', by: 'zhanghongwei', met: ['孙海涛'], type: Call, on: 6, summary: '电话沟通绿电制氢耦合煤化工项目可研进度，对方表示下周提交初稿。', followUp: 2 },
  { enterprise: '海螺集团', by: 'caoli', met: ['汪琳'], type: Visit, on: 42, location: '安徽省芜湖市', summary: '赴芜湖拜访海螺集团，对接科左后旗硅基新材料项目。' },
  { enterprise: '海螺集团', by: 'caoli', met: ['蒋文涛', '汪琳'], type: Video, on: 13, summary: '视频会商硅基新材料项目用地和矿权配置方案。', followUp: 6 },
  { enterprise: '首农食品', by: 'wuyunqiqige', met: ['常海军'], type: Visit, on: 34, location: '北京市朝阳区', summary: '拜访首农食品集团畜牧事业部，对接科左中旗肉牛全产业链项目。' },
  { enterprise: '首农食品', by: 'wuyunqiqige', met: ['常海军'], type: Call, on: 2, summary: '电话确认肉牛全产业链项目合作框架，企业提出饲草基地面积需求。', followUp: 1 },
  { enterprise: '协鑫集团', by: 'wuzhendong', met: ['顾伟明'], type: Visit, on: 120, location: '江苏省苏州市', summary: '赴苏州拜访协鑫集团，对接颗粒硅及配套光伏项目。' },
  { enterprise: '协鑫集团', by: 'wuzhendong', met: ['顾伟明'], type: Call, on: 65, summary: '电话跟进颗粒硅项目，企业表示受多晶硅价格下行影响暂缓新增产能投资。' },
  { enterprise: '魏桥创业', by: 'mengqinglin', met: ['邢志国'], type: Visit, on: 100, location: '山东省滨州市', summary: '赴滨州拜访魏桥创业，对接铝深加工项目。' },
  { enterprise: '魏桥创业', by: 'mengqinglin', met: ['王倩'], type: Call, on: 58, summary: '电话沟通电解铝产能指标置换政策，企业等待自治区批复后再决策。' },
  { enterprise: '新希望六和', by: 'tianxue', met: ['张永红'], type: Call, on: 62, summary: '电话跟进玉米饲料加工项目，企业确认调整饲料产能规划，不再新建北方玉米加工基地。' },
  { enterprise: '凯盛科技', by: 'mali', met: ['韩雪梅'], type: Call, on: 47, summary: '电话跟进光伏组件项目，企业告知项目已选址省外。' },
];
