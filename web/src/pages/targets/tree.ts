/** Rows with their shares nested under the unit target they were split from (antd's tree table). */
export type TreeRow<T> = T & { key: string; children?: Array<TreeRow<T>> };

export function nest<T>(rows: T[], id: (r: T) => string, parentId: (r: T) => string | null): Array<TreeRow<T>> {
  const byId = new Map<string, TreeRow<T>>(rows.map((r) => [id(r), { ...r, key: id(r) }]));
  const top: Array<TreeRow<T>> = [];
  for (const r of rows) {
    const node = byId.get(id(r))!;
    const parent = parentId(r) ? byId.get(parentId(r)!) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else top.push(node);
  }
  return top;
}
