import { RegionLevel } from '../entities/region-unit.entity';
import { ExistingUnit, planDivisionImport, DivisionLevels } from './division-plan';

const LIST: DivisionLevels = [
  [RegionLevel.City, [{ code: '150500', name: '通辽市', parentCode: '' }]],
  [
    RegionLevel.County,
    [
      { code: '150502', name: '科尔沁区', parentCode: '150500' },
      { code: '150523', name: '开鲁县', parentCode: '150500' },
      { code: '150525', name: '奈曼旗', parentCode: '150500' },
    ],
  ],
  [
    RegionLevel.Township,
    [
      { code: '150502001', name: '科尔沁街道', parentCode: '150502' },
      { code: '150523100', name: '开鲁镇', parentCode: '150523' },
      { code: '150525100', name: '大沁他拉镇', parentCode: '150525' },
      { code: '150525101', name: '八仙筒镇', parentCode: '150525' },
      { code: '150571001', name: '开发区街道', parentCode: '150571' },
    ],
  ],
];

const unit = (u: Partial<ExistingUnit> & { id: string; name: string; level: RegionLevel }): ExistingUnit => ({ code: null, parentId: null, path: `${u.id}/`, ...u });

function ids() {
  let n = 0;
  return () => `new-${++n}`;
}

describe('planDivisionImport', () => {
  it('creates a whole city on an empty tree, parents first, paths chained, siblings in list order', () => {
    const plan = planDivisionImport(LIST, [], ids());
    expect(plan.items.map((i) => i.action)).toEqual(Array(8).fill('create'));
    expect(plan.creates.map((c) => [c.code, c.parentId, c.path, c.sortOrder])).toEqual([
      ['150500', null, 'new-1/', 1],
      ['150502', 'new-1', 'new-1/new-2/', 1],
      ['150523', 'new-1', 'new-1/new-3/', 2],
      ['150525', 'new-1', 'new-1/new-4/', 3],
      ['150502001', 'new-2', 'new-1/new-2/new-5/', 1],
      ['150523100', 'new-3', 'new-1/new-3/new-6/', 1],
      ['150525100', 'new-4', 'new-1/new-4/new-7/', 1],
      ['150525101', 'new-4', 'new-1/new-4/new-8/', 2],
    ]);
    // A township whose county is not in the list (a functional zone's) is left out.
    expect(plan.items.find((i) => i.code === '150571001')).toBeUndefined();
  });

  it('matches by code or by name under the same parent, fills a missing code, and skips a conflict with its subtree', () => {
    const existing = [
      unit({ id: 'c', name: '通辽市', level: RegionLevel.City, code: '150500' }),
      unit({ id: 'k', name: '科尔沁区', level: RegionLevel.County, parentId: 'c', path: 'c/k/' }),
      unit({ id: 'n', name: '奈曼旗', level: RegionLevel.County, parentId: 'c', path: 'c/n/', code: '150599' }),
      unit({ id: 'x', name: '别处', level: RegionLevel.City, code: '150523' }),
    ];
    const plan = planDivisionImport(LIST, existing, ids());
    const by = new Map(plan.items.map((i) => [i.code, i]));
    expect(by.get('150500')).toMatchObject({ action: 'match', regionId: 'c', fillsCode: false });
    expect(by.get('150502')).toMatchObject({ action: 'match', regionId: 'k', fillsCode: true });
    expect(by.get('150523')).toMatchObject({ action: 'conflict', regionId: 'x', reason: '代码 150523 已被顶级的市「别处」使用', skippedBelow: 1 });
    expect(by.get('150525')).toMatchObject({ action: 'conflict', regionId: 'n', reason: '同一上级下的「奈曼旗」已有另一代码 150599', skippedBelow: 2 });
    expect(plan.creates.map((c) => [c.code, c.parentId, c.path])).toEqual([['150502001', 'k', 'c/k/new-1/']]);
    expect([...by.keys()]).toEqual(['150500', '150502', '150523', '150525', '150502001']);
  });

  it('treats a same-named unit of another level as a conflict', () => {
    const existing = [unit({ id: 'c', name: '通辽市', level: RegionLevel.City, code: '150500' }), unit({ id: 'v', name: '开鲁县', level: RegionLevel.Township, parentId: 'c', path: 'c/v/' })];
    const plan = planDivisionImport(LIST, existing, ids());
    expect(plan.items.find((i) => i.code === '150523')).toMatchObject({ action: 'conflict', regionId: 'v', reason: '同一上级下已有同名的乡镇街道单位「开鲁县」' });
  });
});
