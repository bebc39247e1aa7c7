import type { Schemas } from '../../api/client';

/** The message shown once an import is done. */
export const importedMessage = (r: Schemas['DivisionImportReport']): string =>
  r.totals.create === 0 ? `${r.city.name}：没有需要新建的单位` : `${r.city.name}：已新建 ${r.totals.create} 个单位`;
