// Written by `npm run migration:generate`: every migration, oldest first.
import { Init1795625306159 } from './1795625306159-Init';
import { EnterprisesAndInteractions1795625738624 } from './1795625738624-EnterprisesAndInteractions';
import { LeadsAndSignings1795626167852 } from './1795626167852-LeadsAndSignings';

export const MIGRATIONS = [
  Init1795625306159,
  EnterprisesAndInteractions1795625738624,
  LeadsAndSignings1795626167852,
];
