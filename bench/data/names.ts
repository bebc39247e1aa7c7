import { normalizeEnterpriseName } from '../../src/enterprises/enterprise-name';
import { EnterpriseTag } from '../../src/enterprises/entities/enterprise.entity';
import { USCC_ALPHABET, usccCheckChar } from '../../src/enterprises/uscc';
import { Random } from './random';

/**
 * Real-looking Chinese company records for the bench: 「区域 + 字号 + 行业 + 组织形式」 names
 * (北京华能新能源科技有限公司, 梅花生物科技（通辽）股份有限公司 …), unique by normalised name,
 * with valid 统一社会信用代码 whose division code matches the headquarters.
 */

/** Name prefix, headquarters as splitHq reads it back, and the GB/T 2260 division code. */
const PLACES: ReadonlyArray<readonly [prefix: string, province: string, city: string, code: string]> = [
  ['北京', '北京市', '北京市', '110105'],
  ['上海', '上海市', '上海市', '310115'],
  ['天津', '天津市', '天津市', '120116'],
  ['重庆', '重庆市', '重庆市', '500112'],
  ['河北', '河北省', '石家庄市', '130100'],
  ['唐山', '河北省', '唐山市', '130200'],
  ['廊坊', '河北省', '廊坊市', '131000'],
  ['保定', '河北省', '保定市', '130600'],
  ['山西', '山西省', '太原市', '140100'],
  ['内蒙古', '内蒙古自治区', '呼和浩特市', '150100'],
  ['包头', '内蒙古自治区', '包头市', '150200'],
  ['赤峰', '内蒙古自治区', '赤峰市', '150400'],
  ['通辽', '内蒙古自治区', '通辽市', '150500'],
  ['科尔沁', '内蒙古自治区', '通辽市', '150502'],
  ['开鲁', '内蒙古自治区', '通辽市', '150523'],
  ['霍林郭勒', '内蒙古自治区', '通辽市', '150581'],
  ['鄂尔多斯', '内蒙古自治区', '鄂尔多斯市', '150600'],
  ['辽宁', '辽宁省', '沈阳市', '210100'],
  ['大连', '辽宁省', '大连市', '210200'],
  ['吉林', '吉林省', '长春市', '220100'],
  ['黑龙江', '黑龙江省', '哈尔滨市', '230100'],
  ['江苏', '江苏省', '南京市', '320100'],
  ['苏州', '江苏省', '苏州市', '320500'],
  ['无锡', '江苏省', '无锡市', '320200'],
  ['浙江', '浙江省', '杭州市', '330100'],
  ['宁波', '浙江省', '宁波市', '330200'],
  ['安徽', '安徽省', '合肥市', '340100'],
  ['福建', '福建省', '福州市', '350100'],
  ['厦门', '福建省', '厦门市', '350200'],
  ['江西', '江西省', '南昌市', '360100'],
  ['山东', '山东省', '济南市', '370100'],
  ['青岛', '山东省', '青岛市', '370200'],
  ['河南', '河南省', '郑州市', '410100'],
  ['湖北', '湖北省', '武汉市', '420100'],
  ['湖南', '湖南省', '长沙市', '430100'],
  ['广东', '广东省', '广州市', '440100'],
  ['深圳', '广东省', '深圳市', '440300'],
  ['广西', '广西壮族自治区', '南宁市', '450100'],
  ['四川', '四川省', '成都市', '510100'],
  ['贵州', '贵州省', '贵阳市', '520100'],
  ['云南', '云南省', '昆明市', '530100'],
  ['陕西', '陕西省', '西安市', '610100'],
  ['甘肃', '甘肃省', '兰州市', '620100'],
  ['宁夏', '宁夏回族自治区', '银川市', '640100'],
  ['新疆', '新疆维吾尔自治区', '乌鲁木齐市', '650100'],
];

/** Characters of 字号 (trade names); two of them make one, e.g. 华能, 梅花, 锦联. */
const BRAND_CHARS = Array.from(
  new Set(
    Array.from(
      '华中金鑫源泰盛德恒宏昌隆兴达瑞祥丰通远安康永嘉信诚东方海天宇龙凤鹏辉光明博新世纪正大国联合创汇银宝利和平福万亿圣君豪威力晨阳星云峰林森川江河山石玉王梅花锦经固能伊蒙牛草原北南西长春秋青绿蓝红紫白黎启航智慧思维聚融凯旋卓越优佳美乐欣悦尚品精工匠诺亚欧神舟骏马驰腾飞跃展鸿运道元成立建筑基润泽浩瀚弘毅铭德众鼎',
    ),
  ),
);

/** Industry words of each chain (the Tongliao chains the organisation seeds, in its order). */
const INDUSTRIES: ReadonlyArray<readonly string[]> = [
  ['生物科技', '生物工程', '淀粉', '玉米制品', '食品科技', '发酵科技'],
  ['铝业', '铝材', '铝基新材料', '合金材料', '金属制品'],
  ['镍业', '不锈钢', '镍基新材料', '冶金', '特钢'],
  ['煤化工', '化工', '能源化工', '煤业', '化学'],
  ['新能源', '风电', '光伏', '储能科技', '电力', '氢能科技', '装备制造', '电气'],
  ['农牧业', '食品', '乳业', '肉业', '牧业', '农业科技', '饲料'],
  ['药业', '医药', '蒙药', '中药材', '生物医药', '健康产业'],
  ['文化旅游', '旅游开发', '文化传媒', '酒店管理', '文旅发展'],
  ['硅材料', '硅业', '石英材料', '玻璃', '硅砂新材料'],
];

const FORMS: ReadonlyArray<readonly [string, number]> = [
  ['有限公司', 40],
  ['股份有限公司', 15],
  ['有限责任公司', 15],
  ['集团有限公司', 12],
  ['集团股份有限公司', 6],
  ['科技有限公司', 12],
];

const TAGS: ReadonlyArray<readonly [EnterpriseTag, number]> = [
  [EnterpriseTag.Fortune500, 0.005],
  [EnterpriseTag.China500, 0.01],
  [EnterpriseTag.Private500, 0.01],
  [EnterpriseTag.Listed, 0.03],
  [EnterpriseTag.IndustryLeader, 0.02],
  [EnterpriseTag.StateOwned, 0.03],
];

const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤包');
const GIVEN = Array.from('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰飞鹏宇浩然博文晨阳欣怡思雨子轩梓涵一诺宏斌海峰俊辉巴特尔乌兰其其格');
const TITLES = ['董事长', '总经理', '副总经理', '投资总监', '战略发展部部长', '项目经理', '办公室主任', '财务总监', '总工程师', '董事会秘书'];

export interface GeneratedEnterprise {
  name: string;
  normalizedName: string;
  shortName: string | null;
  creditCode: string | null;
  /** Index into the chain list (CHAINS order of bench/organisation.ts). */
  chain: number;
  hqProvince: string;
  hqCity: string;
  tags: EnterpriseTag[];
  foundedOn: string;
  /** 字号, for picking search fragments that occur. */
  brand: string;
  contact: { name: string; title: string; mobile: string };
}

/**
 * `count` distinct companies (by normalised name and by credit code), the same on every run.
 * About 90% carry a credit code; a fifth of those are registered in Inner Mongolia.
 */
export function generateEnterprises(count: number, seed = 20_220_427): GeneratedEnterprise[] {
  const rnd = new Random(seed);
  const names = new Set<string>();
  const codes = new Set<string>();
  const out: GeneratedEnterprise[] = [];
  while (out.length < count) {
    const place = rnd.pick(PLACES);
    const brand = rnd.pick(BRAND_CHARS) + rnd.pick(BRAND_CHARS);
    if (brand[0] === brand[1]) continue;
    const chain = rnd.int(INDUSTRIES.length);
    const industry = rnd.pick(INDUSTRIES[chain] as readonly string[]);
    const form = rnd.weighted(FORMS);
    const shape = rnd.next();
    // 区域+字号+行业+组织形式 / 字号+行业+组织形式 / 字号+行业（区域）+组织形式
    const name =
      shape < 0.6 ? `${place[0]}${brand}${industry}${form}` : shape < 0.85 ? `${brand}${industry}${form}` : `${brand}${industry}（${place[0]}）${form}`;
    const normalizedName = normalizeEnterpriseName(name);
    if (names.has(normalizedName)) continue;
    let creditCode: string | null = null;
    if (rnd.chance(0.9)) {
      const draw = () => {
        let code = `91${place[3]}`;
        for (let i = 0; i < 9; i++) code += USCC_ALPHABET[rnd.int(i < 8 ? 31 : 10)];
        return code;
      };
      let first17 = draw();
      while (codes.has(first17)) first17 = draw();
      codes.add(first17);
      creditCode = first17 + usccCheckChar(first17);
    }
    names.add(normalizedName);
    const tags = TAGS.filter(([, p]) => rnd.chance(p)).map(([t]) => t);
    const year = 1990 + rnd.int(35);
    const foundedOn = `${year}-${String(1 + rnd.int(12)).padStart(2, '0')}-${String(1 + rnd.int(28)).padStart(2, '0')}`;
    out.push({
      name,
      normalizedName,
      shortName: rnd.chance(0.6) ? `${brand}${industry.slice(0, 2)}` : null,
      creditCode,
      chain,
      hqProvince: place[1],
      hqCity: place[2],
      tags,
      foundedOn,
      brand,
      contact: {
        name: rnd.pick(SURNAMES) + rnd.pick(GIVEN) + (rnd.chance(0.6) ? rnd.pick(GIVEN) : ''),
        title: rnd.pick(TITLES),
        mobile: `1${rnd.pick(['3', '5', '7', '8', '9'])}${String(rnd.int(1e9)).padStart(9, '0')}`,
      },
    });
  }
  return out;
}
