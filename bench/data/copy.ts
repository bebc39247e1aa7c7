import type { PoolClient } from 'pg';

/**
 * `COPY table (columns) FROM STDIN` through node-postgres without another package: a
 * submittable query that answers the server's CopyInResponse with the rows, in the text
 * format, a chunk at a time. Returns the number of rows the server copied.
 */
export async function copyRows(client: PoolClient, table: string, columns: string[], rows: Iterable<Array<unknown>>): Promise<number> {
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  return new Promise<number>((resolve, reject) => {
    let copied = 0;
    let failed: Error | undefined;
    const submittable = {
      submit(connection: Connection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: Connection) {
        void send(connection).catch((err: unknown) => {
          failed = err instanceof Error ? err : new Error(String(err));
          connection.sendCopyFail(failed.message);
        });
      },
      handleCommandComplete(msg: { text?: string }) {
        copied = Number(/COPY (\d+)/.exec(msg.text ?? '')?.[1] ?? 0);
      },
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve(copied);
      },
      handleError(err: Error) {
        reject(failed ?? err);
      },
      // Not expected during COPY FROM; present because the client may call them.
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    const send = async (connection: Connection) => {
      let chunk: string[] = [];
      let size = 0;
      const flush = async () => {
        if (chunk.length === 0) return;
        connection.sendCopyFromChunk(Buffer.from(chunk.join(''), 'utf8'));
        chunk = [];
        size = 0;
        // Respect the socket's back-pressure: the rows never sit in memory all at once.
        if (connection.stream.writableNeedDrain) await new Promise((r) => connection.stream.once('drain', r));
      };
      for (const row of rows) {
        const line = row.map(copyValue).join('\t') + '\n';
        chunk.push(line);
        size += line.length;
        if (size > 256 * 1024) await flush();
      }
      await flush();
      connection.endCopyFrom();
    };
    (client as unknown as { query(q: unknown): void }).query(submittable);
  });
}

interface Connection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/** One value in COPY's text format: \N for null, arrays as literals, backslash and control characters escaped. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (Array.isArray(value)) text = arrayLiteral(value as unknown[]);
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'boolean') text = value ? 't' : 'f';
  else text = String(value);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A one-dimensional array literal, every element quoted. */
function arrayLiteral(items: unknown[]): string {
  return `{${items.map((i) => (i === null ? 'NULL' : `"${String(i).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}
