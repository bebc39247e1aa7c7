export type ThreeUnLists = Record<'notStarted' | 'startedNotBuilding' | 'notCompleted', { count: number; items: Array<{ id: string; regionUnit: { id: string } | null }> }>;

/**
 * 三未项目数 per county: the projects on the 在建项目三未清单 (立项未开工、开工未建设、建设未竣工)
 * now, each counted once however many of the lists name it, where it lands.
 */
export function threeUnByCounty(lists: ThreeUnLists): Map<string, number> {
  const seen = new Map<string, Set<string>>();
  for (const list of [lists.notStarted, lists.startedNotBuilding, lists.notCompleted]) {
    for (const item of list.items) {
      const county = item.regionUnit?.id;
      if (!county) continue;
      let ids = seen.get(county);
      if (!ids) seen.set(county, (ids = new Set()));
      ids.add(item.id);
    }
  }
  return new Map([...seen].map(([k, v]) => [k, v.size]));
}
