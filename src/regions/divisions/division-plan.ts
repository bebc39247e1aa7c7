import { REGION_LEVEL_LABELS, RegionLevel } from '../entities/region-unit.entity';
import { DivisionAction, DivisionImportItem } from '../dto/division.dto';
import type { Division } from './division-catalogue';

/** A unit already in the tree, as the plan needs it. */
export interface ExistingUnit {
  id: string;
  name: string;
  level: RegionLevel;
  code: string | null;
  parentId: string | null;
  path: string;
}

/** A unit the import would insert: its id and path are fixed at planning so children can hang under it. */
export interface NewUnit {
  id: string;
  name: string;
  level: RegionLevel;
  code: string;
  parentId: string | null;
  path: string;
  sortOrder: number;
}

export interface DivisionPlan {
  items: DivisionImportItem[];
  creates: NewUnit[];
}

/** The list to import, level by level: [city], counties, townships, villages (each child's parentCode names a unit one level up). */
export type DivisionLevels = [RegionLevel, Division[]][];

type Resolved = { id: string; path: string; name: string } | { blockedBy: DivisionImportItem };

/**
 * Plans an import of the division list into the tree, without deciding which matched units carry
 * data (the caller turns those into `keep`). A unit matches an existing one with the same code
 * under the same parent, or with the same name under the same parent and no or the same code;
 * a code used elsewhere, a same-named unit of another level or with another code is a conflict,
 * and the conflicting unit's whole subtree is skipped. `newId` gives ids to created units.
 */
export function planDivisionImport(levels: DivisionLevels, existing: ExistingUnit[], newId: () => string): DivisionPlan {
  const byCode = new Map<string, ExistingUnit>();
  const byParentName = new Map<string, ExistingUnit>();
  const byId = new Map<string, ExistingUnit>();
  for (const u of existing) {
    if (u.code) byCode.set(u.code, u);
    byParentName.set(`${u.parentId ?? ''}|${u.name}`, u);
    byId.set(u.id, u);
  }
  const resolved = new Map<string, Resolved>();
  const items: DivisionImportItem[] = [];
  const creates: NewUnit[] = [];

  for (const [level, divisions] of levels) {
    const siblings = new Map<string, number>();
    for (const d of divisions) {
      const parent = level === RegionLevel.City ? null : resolved.get(d.parentCode);
      if (level !== RegionLevel.City && !parent) continue; // its parent is not in the list (a functional zone's township)
      if (parent && 'blockedBy' in parent) {
        parent.blockedBy.skippedBelow += 1;
        resolved.set(d.code, parent);
        continue;
      }
      const parentId = parent?.id ?? null;
      // Officials' order: a unit's place among its siblings in the list.
      const sortOrder = (siblings.get(d.parentCode) ?? 0) + 1;
      siblings.set(d.parentCode, sortOrder);
      const item: DivisionImportItem = {
        code: d.code,
        name: d.name,
        level,
        parentCode: level === RegionLevel.City ? null : d.parentCode,
        action: DivisionAction.Create,
        regionId: null,
        fillsCode: false,
        reason: null,
        skippedBelow: 0,
      };
      items.push(item);
      const conflict = (unit: ExistingUnit, reason: string) => {
        item.action = DivisionAction.Conflict;
        item.regionId = unit.id;
        item.reason = reason;
        resolved.set(d.code, { blockedBy: item });
      };
      const match = (unit: ExistingUnit) => {
        item.action = DivisionAction.Match;
        item.regionId = unit.id;
        item.fillsCode = unit.code === null;
        resolved.set(d.code, { id: unit.id, path: unit.path, name: unit.name });
      };
      const sameCode = byCode.get(d.code);
      const sameName = byParentName.get(`${parentId ?? ''}|${d.name}`);
      if (sameCode) {
        if (sameCode.parentId === parentId && sameCode.level === level) match(sameCode);
        else {
          const where = sameCode.parentId ? `「${byId.get(sameCode.parentId)?.name ?? '?'}」下` : '顶级';
          conflict(sameCode, `代码 ${d.code} 已被${where}的${REGION_LEVEL_LABELS[sameCode.level]}「${sameCode.name}」使用`);
        }
      } else if (sameName) {
        if (sameName.level !== level) conflict(sameName, `同一上级下已有同名的${REGION_LEVEL_LABELS[sameName.level]}单位「${sameName.name}」`);
        else if (sameName.code !== null) conflict(sameName, `同一上级下的「${sameName.name}」已有另一代码 ${sameName.code}`);
        else match(sameName);
      } else {
        const id = newId();
        const path = `${parent && 'path' in parent ? parent.path : ''}${id}/`;
        creates.push({ id, name: d.name, level, code: d.code, parentId, path, sortOrder });
        resolved.set(d.code, { id, path, name: d.name });
      }
    }
  }
  return { items, creates };
}
