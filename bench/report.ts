import type { Measurement } from './scenario';

const num = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => num(n, n < 10 ? 2 : 1);

/** The results table: one row per scenario, the ratio against its bare-SQL baseline. */
export function resultsTable(results: Measurement[]): string {
  const byName = new Map(results.map((r) => [r.scenario.name, r]));
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'svc CPU µs/req', 'db tx/req', 'HTTP/bare-SQL', 'target'];
  const rows = results.map((r) => {
    const base = r.scenario.baseline ? byName.get(r.scenario.baseline) : undefined;
    const ratio = base && r.rps > 0 ? `${(base.rps / r.rps).toFixed(1)}× cost, p50 ${(r.p50 / base.p50).toFixed(1)}×` : r.load.kind === 'sql' ? '1 (baseline)' : '';
    const util = r.cpuMicros !== undefined ? ` (${Math.round((r.cpuMicros * r.rps) / 1e4)}%)` : '';
    return [
      r.scenario.name,
      num(r.rps),
      ms(r.p50),
      ms(r.p99),
      num(r.errors),
      r.cpuMicros !== undefined ? `${num(r.cpuMicros)}${util}` : '–',
      r.txPerRequest !== undefined ? `≈${r.txPerRequest.toFixed(1)}` : r.load.kind === 'sql' ? '1' : '–',
      ratio,
      r.scenario.target ? `${r.scenario.target.met(r, base) ? '✓' : '✗'} ${r.scenario.target.text}` : '',
    ];
  });
  return table(header, rows, [false, true, true, true, true, true, true, false, false]);
}

/**
 * What the HTTP adapter costs: the hello-world apps against the real endpoint, and what
 * moving that endpoint to Fastify would buy if nothing else changed.
 */
export function adapterReport(real: Measurement | undefined, express: Measurement | undefined, fastify: Measurement | undefined): string {
  if (!express || !fastify) return 'adapter comparison: not run';
  const cost = (m: Measurement) => m.cpuMicros ?? 1e6 / m.rps;
  const unit = express.cpuMicros !== undefined ? 'µs of server CPU' : 'µs (1 / req/s)';
  const lines = [
    `Nest hello-world on Express: ${num(express.rps)} req/s, ${num(cost(express))} ${unit} per request`,
    `Nest hello-world on Fastify: ${num(fastify.rps)} req/s, ${num(cost(fastify))} ${unit} per request`,
    `Fastify / Express throughput: ${(fastify.rps / express.rps).toFixed(2)}× (NestJS's own benchmark: ~1.9×)`,
  ];
  for (const m of [express, fastify]) {
    const util = m.cpuMicros !== undefined ? (m.cpuMicros * m.rps) / 1e4 : undefined;
    if (util !== undefined && util < 90) {
      lines.push(`  (${m.scenario.name}: the server used ${Math.round(util)}% of a core, so autocannon was the limit: its req/s is a lower bound, its CPU per request is not)`);
    }
  }
  if (real) {
    const saving = cost(express) - cost(fastify);
    const projected = real.rps * (cost(real) / Math.max(cost(real) - saving, 1));
    lines.push(
      `${real.scenario.name} on Express: ${num(real.rps)} req/s, ${num(cost(real))} ${unit} per request`,
      `  the Express hello-world floor is ${Math.round((100 * cost(express)) / cost(real))}% of that endpoint's cost; Fastify's floor would be ${Math.round((100 * cost(fastify)) / cost(real))}%`,
      `  Fastify would save ≈${num(saving)} µs per request → ≈${num(projected)} req/s (${projected >= real.rps ? '+' : ''}${Math.round((100 * (projected - real.rps)) / real.rps)}%), the rest unchanged`,
    );
  }
  return lines.join('\n');
}

export function table(header: string[], rows: string[][], rightAlign: boolean[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (rightAlign[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
