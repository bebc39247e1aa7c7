import { quoteIdent } from '../../src/database/database-server';
import { SERVER_URL_VAR, TEMPLATE_VAR, withAdminClient } from './server';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __embeddedPg?: { stop(): Promise<void> } }).__embeddedPg;
  if (embedded) {
    await embedded.stop(); // a throwaway cluster: stopping deletes it
    return;
  }
  const serverUrl = process.env[SERVER_URL_VAR];
  const template = process.env[TEMPLATE_VAR];
  if (serverUrl && template) {
    await withAdminClient(serverUrl, async (c) => {
      await c.query(`ALTER DATABASE ${quoteIdent(template)} IS_TEMPLATE false`);
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`);
    });
  }
}
