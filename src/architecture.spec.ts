/**
 * Architecture rules, read from the source alone (no database, no Nest): no import circles,
 * migrations that import nothing from src/, each domain writing only its own tables, reading
 * another's only through a declared read model, and scope SQL only in src/access/.
 * (SQL only in repositories and read models is an ESLint rule: eslint.config.mjs.)
 *
 * Each rule holds for the whole tree: there is no list of tolerated exceptions to grow. The few
 * legitimate special cases are parameters below, each with its reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

// ── The rules' parameters ───────────────────────────────────────────────────────────────────

/** The tables src/access/ reads to answer who may see what: the organisation, and leads' co-pursuit (协同招商). */
const ACCESS_TABLES = ['teams', 'team_members', 'manager_scopes', 'region_units', 'users', 'leads', 'lead_co_teams'];

/** Tables without an entity class: the summary tables, their refresh stamp and changed keys, defined by src/metrics' SQL, and trigger-kept cells. */
const TABLES_WITHOUT_ENTITY: Record<string, string> = {
  team_month_metrics: 'metrics',
  unit_contact_firsts: 'metrics',
  metric_dirty_keys: 'metrics',
  team_project_figures: 'metrics',
  team_project_years: 'metrics',
  team_chain_signings: 'metrics',
  unit_month_contacts: 'metrics',
  metric_refreshes: 'metrics',
  // The registry summary's cells, written only by the triggers of migration RegistrySummaryCells.
  project_summary_cells: 'projects',
  // The version of who sees what, raised by the triggers of migration AccessScopeVersion.
  access_scope_versions: 'access',
  // Counts of committed writes per topic, kept by the triggers of migration ChangeMarks, read through database/change-marks.ts.
  change_marks: 'database',
};

/**
 * Files that may name region paths outside src/access/: moving a region unit rewrites the
 * materialised paths of its whole subtree, which is the regions domain's own upkeep.
 */
const SCOPE_SQL_EXCEPTIONS = ['src/regions/regions.service.ts', 'src/regions/regions.repository.ts'];

/** Folders whose files run SQL on every table by design (the DataSource, the demo seeds). */
const TABLE_RULES_SKIP = ['src/database/', 'src/seeds/'];

// ── Reading the source ──────────────────────────────────────────────────────────────────────

const ROOT = resolve(__dirname, '..');

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listTs(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

const isTest = (f: string): boolean => /\.(spec|e2e-spec)\.ts$/.test(f);
const SRC = listTs('src').filter((f) => !isTest(f));
const MIGRATIONS = listTs('migrations');

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest);
    parsed.set(file, sf);
  }
  return sf;
}

function walk(node: ts.Node, visit: (n: ts.Node, parent?: ts.Node) => void, parent?: ts.Node): void {
  visit(node, parent);
  ts.forEachChild(node, (child) => walk(child, visit, node));
}

/** Relative module specifiers of a file: static imports and re-exports (`import type` too), and `import()`. */
function specifiers(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  walk(sf, (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      out.push(n.moduleSpecifier.text);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      out.push(n.arguments[0].text);
    }
  });
  return out.filter((s) => s.startsWith('.'));
}

/** `./x.js` / `./x` / `./dir` → the repository-relative .ts file, if there is one. */
function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(ROOT, dirname(from), spec.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate)) return relative(ROOT, candidate).split('\\').join('/');
  }
  return undefined;
}

/** Every string and template text of a file (comments are not in them), template holes as ${}. */
const textsByFile = new Map<ts.SourceFile, string[]>();
function stringTexts(sf: ts.SourceFile): string[] {
  const cached = textsByFile.get(sf);
  if (cached) return cached;
  const out: string[] = [];
  walk(sf, (n) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push(n.text);
    else if (ts.isTemplateExpression(n)) out.push(n.head.text + n.templateSpans.map((s) => `\${}${s.literal.text}`).join(''));
  });
  // SQL comments say why, they name tables without touching them.
  const texts = out.map((s) => s.replace(/--[^\n]*/g, ''));
  textsByFile.set(sf, texts);
  return texts;
}

/** The owner of a file or table: its top folder under src/, or common/<part> for src/common. */
function ownerOf(file: string): string {
  const parts = file.split('/');
  return parts[1] === 'common' ? `common/${parts[2]}` : parts[1].replace(/\.ts$/, '');
}

/** Table → owning domain, from each `@Entity('table')` and where its file lives. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>(Object.entries(TABLES_WITHOUT_ENTITY));
  for (const file of SRC) {
    for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/@Entity\(\s*'([a-z_][a-z0-9_]*)'/g)) owners.set(m[1], ownerOf(file));
  }
  return owners;
}

/** Entity class name → its table, for TypeORM calls given the class (`getRepository(Lead)`). */
function entityTables(): Map<string, string> {
  const tables = new Map<string, string>();
  for (const file of SRC) {
    for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/@Entity\(\s*'([a-z_][a-z0-9_]*)'[\s\S]*?export class (\w+)/g)) tables.set(m[2], m[1]);
  }
  return tables;
}
const ENTITY_TABLES = entityTables();

interface TableUse {
  table: string;
  write: boolean;
  /** The text that names it, for the failure message. */
  text: string;
}

const SQL_TABLE = /\b(DELETE\s+FROM|INSERT\s+INTO|UPDATE|INTO|FROM|JOIN)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/g;
const QB_TABLE_METHODS = new Set(['from', 'leftJoin', 'innerJoin', 'leftJoinAndSelect', 'innerJoinAndSelect', 'into', 'update']);
/** Query-builder joins that map a table onto a property: the table is the second argument. */
const QB_MAP_METHODS = new Set(['leftJoinAndMapOne', 'innerJoinAndMapOne', 'leftJoinAndMapMany', 'innerJoinAndMapMany']);
/** TypeORM methods that write when given an entity class, or when called on getRepository(Entity). */
const WRITE_METHODS = new Set(['insert', 'update', 'upsert', 'delete', 'softDelete', 'restore', 'save', 'remove', 'increment', 'decrement']);

const calleeName = (call: ts.CallExpression): string | undefined =>
  ts.isIdentifier(call.expression) ? call.expression.text : ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : undefined;

/**
 * The tables a file touches: SQL keywords in its strings, query-builder calls given a table
 * name, and TypeORM calls given an entity class (`getRepository(Lead)`, `manager.update(Lead, …)`).
 */
const usesByFile = new Map<ts.SourceFile, TableUse[]>();
function tableUses(sf: ts.SourceFile, owners: Map<string, string>): TableUse[] {
  const cached = usesByFile.get(sf);
  if (cached) return cached;
  const uses: TableUse[] = [];
  for (const text of stringTexts(sf)) {
    for (const m of text.matchAll(SQL_TABLE)) {
      if (owners.has(m[2])) uses.push({ table: m[2], write: !/^(FROM|JOIN)$/.test(m[1]), text: m[0].replace(/\s+/g, ' ') });
    }
  }
  walk(sf, (n, parent) => {
    if (!ts.isCallExpression(n)) return;
    const method = calleeName(n);
    const arg = n.arguments[0];
    if (!method || !arg) return;
    const second = n.arguments[1];
    if (ts.isStringLiteral(arg) && QB_TABLE_METHODS.has(method) && ts.isPropertyAccessExpression(n.expression) && owners.has(arg.text)) {
      uses.push({ table: arg.text, write: method === 'into' || method === 'update', text: `.${method}('${arg.text}'` });
    } else if (QB_MAP_METHODS.has(method) && second && ts.isStringLiteral(second) && owners.has(second.text)) {
      uses.push({ table: second.text, write: false, text: `.${method}(…, '${second.text}'` });
    } else if (ts.isIdentifier(arg) && ENTITY_TABLES.has(arg.text)) {
      // getRepository(X).save(…) writes; getRepository(X) alone is counted as a read.
      const chained = parent && ts.isPropertyAccessExpression(parent) && parent.expression === n ? parent.name.text : undefined;
      const write = WRITE_METHODS.has(method) || (chained !== undefined && WRITE_METHODS.has(chained));
      uses.push({ table: ENTITY_TABLES.get(arg.text) as string, write, text: n.getText(sf).split('\n')[0].slice(0, 80) });
    }
  });
  usesByFile.set(sf, uses);
  return uses;
}

const REGION_PATH = /\bpath\s*(~>=~|~<=~|~>~|~<~)|\bpath\s+(NOT\s+)?I?LIKE\b/gi;

/** Scope SQL in a file: the membership and manager-scope tables, and region-path predicates. */
function scopeUses(sf: ts.SourceFile, owners: Map<string, string>): Array<{ what: string; text: string }> {
  const out: Array<{ what: string; text: string }> = [];
  for (const use of tableUses(sf, owners)) {
    if (use.table === 'team_members' || use.table === 'manager_scopes') out.push({ what: use.table, text: use.text });
  }
  // Calling src/access's fragments (withinRegion, unitsAtOrBelow …) is asking access, not writing the predicate.
  for (const text of stringTexts(sf)) for (const m of text.matchAll(REGION_PATH)) out.push({ what: 'region path', text: m[0] });
  return out;
}

/**
 * `export const READS = ['t', …] as const` of a read model, or undefined when it declares none.
 * (`READS_THROUGH_RELATIONS`, by the same shape, lists tables joined by entity relation —
 * `innerJoin('s.lead', 'l')` — which the source text does not name.)
 */
function declaredReads(sf: ts.SourceFile, name = 'READS'): string[] | undefined {
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st) || !st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.name.text !== name || !d.initializer) continue;
      const init = ts.isAsExpression(d.initializer) ? d.initializer.expression : d.initializer;
      if (ts.isArrayLiteralExpression(init)) return init.elements.filter(ts.isStringLiteral).map((e) => e.text);
    }
  }
  return undefined;
}

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────

/** Every (file, item) found, described for the failure message. */
function report(found: Map<string, Map<string, string>>, describe: (file: string, item: string, text: string) => string): string[] {
  return [...found].flatMap(([file, items]) => [...items].map(([item, text]) => describe(file, item, text)));
}

function add(found: Map<string, Map<string, string>>, file: string, item: string, text: string): void {
  if (!found.has(file)) found.set(file, new Map());
  const items = found.get(file) as Map<string, string>;
  if (!items.has(item)) items.set(item, text);
}

/** Tarjan: the strongly connected components of more than one file. */
function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return out;
}

// ── The rules ───────────────────────────────────────────────────────────────────────────────

describe('architecture', () => {
  const owners = tableOwners();
  const tableFiles = SRC.filter((f) => !TABLE_RULES_SKIP.some((dir) => f.startsWith(dir)));

  // Type-only imports count: a service interface and a DTO class that implements it are one
  // shape declared twice even when one side imports only the type.
  it('has no import circles among src/ files', () => {
    const graph = new Map<string, string[]>();
    for (const file of SRC) {
      const targets = specifiers(parse(file)).map((s) => resolveImport(file, s)).filter((t): t is string => !!t && t.startsWith('src/'));
      graph.set(file, [...new Set(targets)]);
    }
    expect(circles(graph).map((c) => `import circle: ${c.join(' ↔ ')}`)).toEqual([]);
  });

  // Modules depend one way (organisation ← enterprises ← pipeline ← registry, targets, figures):
  // no two domain folders may import each other, even through others. Entities are the shared
  // schema — a lead's row names its team — so imports of entities/ files do not count; nor do
  // the foundation folders (config, database, common), whose files the circle check above covers.
  it('has no circles between domain folders', () => {
    const foundation = new Set(['common', 'config', 'database']);
    const folder = (file: string): string | undefined => {
      const parts = file.split('/');
      return parts.length > 2 && !foundation.has(parts[1]) ? parts[1] : undefined;
    };
    const graph = new Map<string, string[]>();
    const example = new Map<string, string>();
    for (const file of SRC) {
      const from = folder(file);
      if (!from) continue;
      for (const spec of specifiers(parse(file))) {
        const target = resolveImport(file, spec);
        const to = target && !target.includes('/entities/') ? folder(target) : undefined;
        if (!to || to === from) continue;
        graph.set(from, [...new Set([...(graph.get(from) ?? []), to])]);
        if (!example.has(`${from}>${to}`)) example.set(`${from}>${to}`, `${file} imports ${target}`);
      }
    }
    const problems = circles(graph).map((c) => {
      const edges = c.flatMap((a) => c.filter((b) => example.has(`${a}>${b}`)).map((b) => example.get(`${a}>${b}`)));
      return `domain folders depend on each other: ${c.join(' ↔ ')} (${edges.join('; ')})`;
    });
    expect(problems).toEqual([]);
  });

  it('keeps migrations free of imports from src/', () => {
    const problems: string[] = [];
    for (const file of MIGRATIONS) {
      for (const spec of specifiers(parse(file))) {
        const target = resolveImport(file, spec);
        if (target?.startsWith('src/')) problems.push(`${file} imports '${spec}': a migration must carry its own SQL, or a later change to src/ rewrites it`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes no other domain’s tables', () => {
    const found = new Map<string, Map<string, string>>();
    for (const file of tableFiles) {
      for (const use of tableUses(parse(file), owners)) {
        if (use.write && owners.get(use.table) !== ownerOf(file)) add(found, file, use.table, use.text);
      }
    }
    expect(
      report(found, (file, table, text) =>
        `${file} writes ${table}, a table of ${owners.get(table)} («${text}»): ask the ${owners.get(table)} service to do it`,
      ),
    ).toEqual([]);
  });

  it('reads other domains’ tables only in declared read models', () => {
    const found = new Map<string, Map<string, string>>();
    for (const file of tableFiles) {
      if (file.endsWith('.read-model.ts')) continue;
      const inAccess = file.startsWith('src/access/');
      for (const use of tableUses(parse(file), owners)) {
        if (use.write || owners.get(use.table) === ownerOf(file)) continue;
        if (inAccess && ACCESS_TABLES.includes(use.table)) continue;
        add(found, file, use.table, use.text);
      }
    }
    expect(
      report(found, (file, table, text) =>
        `${file} reads ${table}, a table of ${owners.get(table)} («${text}»): go through the ${owners.get(table)} repository or service, or move the query into a *.read-model.ts that lists it in READS`,
      ),
    ).toEqual([]);
  });

  it('has read models that declare exactly the foreign tables they read', () => {
    const problems: string[] = [];
    for (const file of tableFiles.filter((f) => f.endsWith('.read-model.ts'))) {
      const sf = parse(file);
      const declared = declaredReads(sf);
      if (!declared) {
        problems.push(`${file} is a read model without \`export const READS = [...] as const\` listing the foreign tables it reads`);
        continue;
      }
      const read = new Set(tableUses(sf, owners).filter((u) => !u.write && owners.get(u.table) !== ownerOf(file)).map((u) => u.table));
      for (const table of declaredReads(sf, 'READS_THROUGH_RELATIONS') ?? []) {
        if (read.has(table)) problems.push(`${file} names ${table} in its SQL: list it in READS, not READS_THROUGH_RELATIONS`);
      }
      for (const table of read) if (!declared.includes(table)) problems.push(`${file} reads ${table} but its READS does not list it`);
      for (const table of declared) if (!read.has(table)) problems.push(`${file} lists ${table} in READS but does not read it — remove it`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps scope SQL (team_members, manager_scopes, region paths) in src/access/', () => {
    const found = new Map<string, Map<string, string>>();
    for (const file of SRC) {
      if (file.startsWith('src/access/') || SCOPE_SQL_EXCEPTIONS.includes(file) || TABLE_RULES_SKIP.some((dir) => file.startsWith(dir))) continue;
      for (const use of scopeUses(parse(file), owners)) add(found, file, use.what, use.text);
    }
    expect(
      report(found, (file, what, text) =>
        `${file} names ${what} («${text}»): scope questions are answered in src/access/ — ask it`,
      ),
    ).toEqual([]);
  });
});
