import type { Schemas } from '../../api/client';

export type RegionNode = Schemas['RegionTreeNode'];

export interface RegionOption {
  value: string;
  title: string;
  children: RegionOption[];
}

/** GET /regions/tree as TreeSelect options. */
export function regionOptions(nodes: RegionNode[]): RegionOption[] {
  return nodes.map((n) => ({ value: n.id, title: n.name, children: regionOptions(n.children) }));
}
