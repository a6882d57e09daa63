import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { packagePath } from '../package-root.js';

/** The layers of `sql/`, in dependency order (STYLE principle 5). */
export const SQL_LAYERS = ['staging', 'intermediate', 'reports'] as const;
export type SqlLayer = (typeof SQL_LAYERS)[number];

/** One SQL file: a single query named after its file. */
export interface SqlModel {
  readonly name: string;
  readonly layer: SqlLayer;
  readonly path: string;
  /** The query text without a trailing semicolon. */
  readonly sql: string;
  /** The first-line comment, which states the grain ("one row per LA per month"). */
  readonly grain: string;
  /** Other models this one reads, by name. */
  readonly dependencies: readonly string[];
}

const NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Reads every model under `sql/staging`, `sql/intermediate` and `sql/reports`.
 * Model names are unique across layers because a model is referenced by its bare name.
 */
export async function loadSqlModels(sqlDir = packagePath('sql')): Promise<Map<string, SqlModel>> {
  const raw: { name: string; layer: SqlLayer; path: string; text: string }[] = [];
  for (const layer of SQL_LAYERS) {
    const dir = join(sqlDir, layer);
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) =>
      f.endsWith('.sql'),
    );
    for (const file of files.sort()) {
      const name = basename(file, '.sql');
      if (!NAME.test(name)) throw new Error(`${join(dir, file)}: model names must be snake_case`);
      raw.push({
        name,
        layer,
        path: join(dir, file),
        text: await readFile(join(dir, file), 'utf8'),
      });
    }
  }
  const names = new Set<string>();
  for (const model of raw) {
    if (names.has(model.name))
      throw new Error(`${model.path}: a model named ${model.name} exists already`);
    names.add(model.name);
  }
  const models = new Map<string, SqlModel>();
  for (const model of raw) {
    const code = stripCommentsAndStrings(model.text);
    const dependencies = [...names].filter(
      (other) => other !== model.name && new RegExp(`\\b${other}\\b`).test(code),
    );
    models.set(model.name, {
      name: model.name,
      layer: model.layer,
      path: model.path,
      sql: model.text.trim().replace(/;\s*$/, ''),
      grain: firstComment(model.text),
      dependencies,
    });
  }
  return models;
}

/**
 * The model as one self-contained query: every model it depends on, directly or not, becomes a
 * CTE ahead of it. No views are needed, so the same text runs on DuckDB and on Athena.
 */
export function compileSqlModel(models: ReadonlyMap<string, SqlModel>, name: string): string {
  const target = models.get(name);
  if (!target) throw new Error(`no SQL model named ${name}`);
  const ordered: SqlModel[] = [];
  const visiting = new Set<string>();
  const visit = (model: SqlModel, path: string[]) => {
    if (ordered.includes(model)) return;
    if (visiting.has(model.name)) {
      throw new Error(
        `SQL models depend on each other in a cycle: ${[...path, model.name].join(' -> ')}`,
      );
    }
    visiting.add(model.name);
    for (const dep of model.dependencies) visit(models.get(dep)!, [...path, model.name]);
    visiting.delete(model.name);
    ordered.push(model);
  };
  visit(target, []);
  const dependencies = ordered.slice(0, -1);
  if (dependencies.length === 0) return target.sql;
  const ctes = dependencies.map((dep) => `${dep.name} AS (\n${dep.sql}\n)`).join(',\n');
  const body = withoutLeadingComments(target.sql);
  const ownWith = /^with\s/i.exec(body);
  return ownWith ? `WITH ${ctes},\n${body.slice(ownWith[0].length)}` : `WITH ${ctes}\n${body}`;
}

function firstComment(text: string): string {
  const match = /^\s*--\s*(.*)$/m.exec(text);
  return match?.[1]?.trim() ?? '';
}

function withoutLeadingComments(sql: string): string {
  return sql.replace(/^(\s*--[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*/, '').trim();
}

function stripCommentsAndStrings(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
}
