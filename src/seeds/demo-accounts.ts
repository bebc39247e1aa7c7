import { Role } from '../common/auth/auth-user';

/**
 * Passwords of the demo accounts, one per role. Readable on purpose: this is demo data,
 * listed in the README. A real deployment never runs `npm run seed:demo`; its users come
 * from the bootstrap admin (ADMIN_USERNAME / ADMIN_PASSWORD) and the users API. The seed creates
 * the accounts through the users API's validation, so each must pass the password policy.
 */
export const DEMO_PASSWORDS: Readonly<Record<Role, string>> = {
  [Role.Admin]: 'Admin@2022',
  [Role.Manager]: 'Manager@2022',
  [Role.Member]: 'Member@2022',
  [Role.Department]: 'Dept@2022ok',
};

export interface DemoAccount {
  /** Login name, lower-case (sign-in is case-insensitive). */
  username: string;
  displayName: string;
  role: Role;
  /** Post and unit, for the accounts table. */
  title: string;
  /** Managers: GB/T 2260 codes of the region units they manage (分管范围), each with everything below it. */
  managesRegionCodes?: readonly string[];
  /** Members: the demo team they belong to, by name (names are unique within the demo set). */
  team?: string;
  /** The team's leader (队长). */
  leadsTeam?: boolean;
}

/**
 * Every demo user. The admins are not called `admin`: that is the default ADMIN_USERNAME
 * of the bootstrap admin, which may already exist with its own password.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin-zsj', displayName: '赵丽娟', role: Role.Admin, title: '市招商局 系统管理员' },
  { username: 'admin-tcz', displayName: '孟繁宇', role: Role.Admin, title: '市投资促进中心 管理员' },

  { username: 'manager-city', displayName: '刘志刚', role: Role.Manager, title: '市投资促进中心主任（分管全市）', managesRegionCodes: ['150500'] },
  { username: 'manager-kailu', displayName: '王海军', role: Role.Manager, title: '开鲁县 分管招商副县长', managesRegionCodes: ['150523'] },
  { username: 'manager-horqin', displayName: '包文明', role: Role.Manager, title: '科尔沁区 分管招商副区长', managesRegionCodes: ['150502'] },

  ...team('市投促中心招商一队', [
    ['zhanghongwei', '张宏伟'],
    ['lijing', '李静'],
    ['bateer', '巴特尔'],
  ]),
  ...team('市投促中心招商二队', [
    ['sunlixin', '孙立新'],
    ['wuyunqiqige', '乌云其其格'],
    ['zhoujianhua', '周建华'],
  ]),
  ...team('开鲁县招商一队', [
    ['wangjianguo', '王建国'],
    ['liuhongmei', '刘红梅'],
    ['yangfan', '杨帆'],
    ['guozhenyu', '郭振宇'],
  ]),
  ...team('开鲁县招商二队', [
    ['gaozhiqiang', '高志强'],
    ['baiyincang', '白音仓'],
    ['mali', '马丽'],
  ]),
  ...team('大榆树镇招商小分队', [
    ['handesheng', '韩德胜'],
    ['yuhaiyan', '于海燕'],
  ]),
  ...team('科尔沁区驻京招商小分队', [
    ['baohailong', '包海龙'],
    ['xuming', '徐明'],
    ['sarengaowa', '萨仁高娃'],
  ]),
  ...team('科尔沁区招商一队', [
    ['wuzhendong', '吴振东'],
    ['tianxue', '田雪'],
  ]),
  ...team('霍林郭勒市铝产业招商队', [
    ['eerdun', '额尔敦'],
    ['mengqinglin', '孟庆林'],
    ['fenglei', '冯磊'],
  ]),
  ...team('奈曼旗镍基产业招商队', [
    ['baoyintu', '宝音图'],
    ['xuwenbin', '许文斌'],
  ]),
  ...team('科左后旗招商一队', [
    ['alatancang', '阿拉坦仓'],
    ['caoli', '曹丽'],
  ]),
];

/** A team's roster as member accounts; the first person leads it. */
function team(name: string, people: ReadonlyArray<readonly [string, string]>): DemoAccount[] {
  return people.map(([username, displayName], i) => ({
    username,
    displayName,
    role: Role.Member,
    title: `${name} ${i === 0 ? '队长' : '队员'}`,
    team: name,
    leadsTeam: i === 0,
  }));
}
