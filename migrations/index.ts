// Written by `npm run migration:generate`: every migration, oldest first.
import { Init1795625306159 } from './1795625306159-Init';

export const MIGRATIONS = [
  Init1795625306159,
];
