import Handlebars from 'handlebars';
import { REPORT_HELPERS } from './helpers.js';
import { BUILTIN_HELPERS, type TemplateSources } from './report-templates.js';

type Node = hbs.AST.Node;
type Expression = hbs.AST.Expression;

interface Frame {
  readonly value: unknown;
}

interface Walk {
  readonly template: string;
  readonly stack: readonly Frame[];
  /** What `{{> @partial-block}}` stands for inside a layout called as a block. */
  readonly partialBlock?: () => void;
  readonly partials: readonly string[];
}

const HELPERS = new Set(Object.keys(REPORT_HELPERS));
const BLOCKS = new Set<string>(BUILTIN_HELPERS);
const DATA = new Set(['index', 'first', 'last', 'key', 'root']);
/** How many items of an array are walked (each must fit the template, not just the first). */
const EACH_LIMIT = 60;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Checks a report template against a real view model without rendering it: every field a
 * template (or a partial or layout it uses) names must exist in the model at that point,
 * including in branches this model would not print; every partial must exist; every helper
 * must be one of REPORT_HELPERS and be called with arguments. Returns the problems found, each
 * naming the template file and line.
 *
 * Where the model holds null on the way to a field (say `quarterAgo.registered` when there is
 * no figure a quarter ago), the rest of the path cannot be checked from this model; checking
 * several models (both LAs, several months) covers those paths.
 */
export function templateLineage(sources: TemplateSources, report: string, model: object): string[] {
  const problems = new Set<string>();
  const asts = new Map<string, hbs.AST.Program>();
  const parse = (kind: string, name: string, source: string) => {
    const key = `${kind}/${name}.hbs`;
    let ast = asts.get(key);
    if (!ast) {
      ast = Handlebars.parse(source);
      asts.set(key, ast);
    }
    return { key, ast };
  };
  const reportSource = sources.reports.get(report);
  if (reportSource === undefined) return [`no template reports/${report}.hbs`];

  const where = (walk: Walk, node: Node) => `${walk.template}:${node.loc?.start.line ?? '?'}`;

  /** Resolves a path in the model; undefined means "cannot tell" (a null on the way). */
  const resolve = (walk: Walk, path: hbs.AST.PathExpression): { value: unknown } | undefined => {
    let parts = path.parts;
    let value: unknown;
    if (path.data) {
      const head = parts[0] ?? '';
      if (head === 'partial-block') return { value: undefined };
      if (!DATA.has(head)) {
        problems.add(`${where(walk, path)}: unknown data variable @${head}`);
        return undefined;
      }
      if (head !== 'root') return { value: 0 };
      value = walk.stack[0]?.value;
      parts = parts.slice(1);
    } else {
      const frame = walk.stack[walk.stack.length - 1 - path.depth];
      if (!frame) {
        problems.add(`${where(walk, path)}: "${path.original}" climbs above the model`);
        return undefined;
      }
      value = frame.value;
    }
    for (const part of parts) {
      if (value === null || value === undefined) return undefined;
      if (!isObject(value) || !(part in value)) {
        problems.add(`${where(walk, path)}: "${path.original}" is not in the view model`);
        return undefined;
      }
      value = value[part];
    }
    return { value };
  };

  const expression = (walk: Walk, node: Expression) => {
    if (node.type === 'PathExpression') resolve(walk, node as hbs.AST.PathExpression);
    if (node.type === 'SubExpression') call(walk, node as hbs.AST.SubExpression);
  };

  const call = (
    walk: Walk,
    node: hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement,
  ) => {
    const path = node.path as hbs.AST.PathExpression;
    const name = path.original;
    const isCall = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (HELPERS.has(name)) {
      if (!isCall)
        problems.add(`${where(walk, node)}: helper "${name}" used as a field (no arguments)`);
    } else if (isCall && node.type !== 'BlockStatement') {
      problems.add(`${where(walk, node)}: unknown helper "${name}"`);
    } else if (node.type !== 'BlockStatement') {
      resolve(walk, path);
    }
    for (const p of node.params) expression(walk, p);
    for (const pair of node.hash?.pairs ?? []) expression(walk, pair.value);
  };

  const partial = (
    walk: Walk,
    node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement,
    block?: () => void,
  ) => {
    const name = (node.name as hbs.AST.PathExpression).original;
    if (name === '@partial-block') {
      walk.partialBlock?.();
      return;
    }
    if (name === 'print-css') return;
    const source = sources.partials.get(name) ?? sources.layouts.get(name);
    const kind = sources.partials.has(name) ? 'partials' : 'layouts';
    if (source === undefined) {
      problems.add(`${where(walk, node)}: no partial or layout "${name}"`);
      return;
    }
    if (walk.partials.includes(name)) return;
    let context: unknown = walk.stack[walk.stack.length - 1]?.value;
    const param = node.params[0];
    if (param) {
      const resolved =
        param.type === 'PathExpression'
          ? resolve(walk, param as hbs.AST.PathExpression)
          : undefined;
      if (!resolved) return;
      context = resolved.value;
    }
    const hash: Record<string, unknown> = {};
    for (const pair of node.hash?.pairs ?? []) {
      if (pair.value.type === 'PathExpression') {
        const resolved = resolve(walk, pair.value as hbs.AST.PathExpression);
        if (!resolved) return;
        hash[pair.key] = resolved.value;
      } else {
        hash[pair.key] = (pair.value as hbs.AST.StringLiteral).value;
      }
    }
    const merged = isObject(context) ? { ...context, ...hash } : { ...hash };
    const { key, ast } = parse(kind, name, source);
    program(
      {
        template: key,
        stack: [...walk.stack, { value: merged }],
        partials: [...walk.partials, name],
        ...(block ? { partialBlock: block } : {}),
      },
      ast,
    );
  };

  const block = (walk: Walk, node: hbs.AST.BlockStatement) => {
    const name = (node.path as hbs.AST.PathExpression).original;
    call(walk, node);
    if (!BLOCKS.has(name)) {
      problems.add(`${where(walk, node)}: unknown block helper "${name}"`);
      return;
    }
    const param = node.params[0];
    const resolved =
      param?.type === 'PathExpression' ? resolve(walk, param as hbs.AST.PathExpression) : undefined;
    if (name === 'if' || name === 'unless') {
      program(walk, node.program);
      if (node.inverse) program(walk, node.inverse);
      return;
    }
    if (node.inverse) program(walk, node.inverse);
    if (!resolved || resolved.value === null || resolved.value === undefined) return;
    if (name === 'with') {
      program({ ...walk, stack: [...walk.stack, { value: resolved.value }] }, node.program);
      return;
    }
    const items = Array.isArray(resolved.value)
      ? resolved.value
      : isObject(resolved.value)
        ? Object.values(resolved.value)
        : [];
    for (const item of items.slice(0, EACH_LIMIT)) {
      program({ ...walk, stack: [...walk.stack, { value: item }] }, node.program);
    }
  };

  const statement = (walk: Walk, node: hbs.AST.Statement) => {
    switch (node.type) {
      case 'MustacheStatement':
        call(walk, node as hbs.AST.MustacheStatement);
        break;
      case 'BlockStatement':
        block(walk, node as hbs.AST.BlockStatement);
        break;
      case 'PartialStatement':
        partial(walk, node as hbs.AST.PartialStatement);
        break;
      case 'PartialBlockStatement': {
        const b = node as hbs.AST.PartialBlockStatement;
        partial(walk, b, () => program(walk, b.program));
        break;
      }
      default:
        break;
    }
  };

  const program = (walk: Walk, node: hbs.AST.Program) => {
    for (const s of node.body) statement(walk, s);
  };

  const { key, ast } = parse('reports', report, reportSource);
  program({ template: key, stack: [{ value: model }], partials: [] }, ast);
  return [...problems].sort();
}
