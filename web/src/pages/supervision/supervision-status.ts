import type { Schemas } from '../../api/client';

export type Item = Schemas['SupervisionItemView'];
export type Status = Item['status'];

/** A 交办单's status as a tag: the list, the desk and the drawer show the same words. */
export const STATUS: Record<Status, { label: string; color: string }> = {
  open: { label: '待办理', color: 'orange' },
  in_progress: { label: '办理中', color: 'blue' },
  resolved: { label: '已办结', color: 'green' },
};
