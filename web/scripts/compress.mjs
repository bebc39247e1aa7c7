#!/usr/bin/env node
// After vite build: a .gz beside each script and style sheet, which the service sends to
// browsers that accept gzip (src/app.factory.ts), so a phone downloads what the size budget counts.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const assets = fileURLToPath(new URL('../dist/assets/', import.meta.url));
let n = 0;
for (const name of readdirSync(assets)) {
  if (!/\.(js|css)$/.test(name)) continue;
  writeFileSync(join(assets, `${name}.gz`), gzipSync(readFileSync(join(assets, name)), { level: 9 }));
  n++;
}
console.log(`compress: ${n} files gzipped in web/dist/assets`);
