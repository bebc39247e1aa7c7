import type { Schemas } from '../../api/client';

/** The region levels as the tree and the import show them. */
export const LEVEL_LABEL: Record<Schemas['RegionTreeNode']['level'], string> = { city: '市', county: '旗县区', township: '乡镇街道', village: '村' };
