#!/usr/bin/env node
// Saves the running service's OpenAPI document as web/openapi.json, from which the API client's
// types are generated at every build: a changed endpoint then breaks `npm run build` here.
//   npm run api:refresh                      # a service on http://localhost:3000 (`npm start` in the root)
//   npm run api:refresh -- http://host:port  # another one
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const origin = (process.argv[2] ?? process.env.API_ORIGIN ?? 'http://localhost:3000').replace(/\/$/, '');
const target = fileURLToPath(new URL('../openapi.json', import.meta.url));

let res;
try {
  res = await fetch(`${origin}/api/docs-json`);
} catch (e) {
  console.error(`Cannot reach ${origin}: start the service first (npm start in the repository root). ${e.cause?.code ?? e.message}`);
  process.exit(1);
}
if (!res.ok) {
  console.error(`${origin}/api/docs-json answered ${res.status}`);
  process.exit(1);
}
const doc = await res.json();
await writeFile(target, `${JSON.stringify(doc, null, 2)}\n`);
console.log(`Saved ${Object.keys(doc.paths).length} paths from ${origin} to web/openapi.json; run npm run build to check the client against it.`);
