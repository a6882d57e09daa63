import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { packagePath } from '../package-root.js';
import { REPORT_HELPERS } from './helpers.js';

/** The Handlebars block helpers templates may use besides REPORT_HELPERS. */
export const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with'] as const;

/** Template sources by kind and name (file name without `.hbs`), for rendering and lineage. */
export interface TemplateSources {
  readonly layouts: ReadonlyMap<string, string>;
  readonly partials: ReadonlyMap<string, string>;
  readonly reports: ReadonlyMap<string, string>;
  /** templates/styles/print.css, included in every page as the `print-css` partial. */
  readonly css: string;
}

/** Compiled templates: render a report (or the agenda front sheet) to a whole HTML page. */
export interface ReportTemplates {
  readonly sources: TemplateSources;
  render(report: string, model: object): string;
}

const COMPILE_OPTIONS: CompileOptions = {
  // A template that names a field its view model lacks fails instead of printing nothing.
  strict: true,
  knownHelpers: Object.fromEntries(
    [...Object.keys(REPORT_HELPERS), ...BUILTIN_HELPERS].map((name) => [name, true]),
  ),
  knownHelpersOnly: true,
  preventIndent: true,
};

async function readFolder(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.hbs')).sort();
  const entries = await Promise.all(
    names.map(async (n) => [basename(n, '.hbs'), await readFile(join(dir, n), 'utf8')] as const),
  );
  return new Map(entries);
}

/** Reads the template folders (default: the package's `templates/`). */
export async function readTemplateSources(
  dir = packagePath('templates'),
): Promise<TemplateSources> {
  const [layouts, partials, reports, css] = await Promise.all([
    readFolder(join(dir, 'layouts')),
    readFolder(join(dir, 'partials')),
    readFolder(join(dir, 'reports')),
    readFile(join(dir, 'styles', 'print.css'), 'utf8'),
  ]);
  return { layouts, partials, reports, css };
}

/**
 * Compiles every template in its own Handlebars environment. Layouts are partials used as
 * blocks (`{{#> panel}}...{{/panel}}`), so a report's body is passed to its layout as a
 * template, never as pre-rendered HTML: nothing is inserted unescaped except the stylesheet,
 * which is a partial read from the package.
 */
export function compileTemplates(sources: TemplateSources): ReportTemplates {
  const hb = Handlebars.create();
  for (const [name, helper] of Object.entries(REPORT_HELPERS)) hb.registerHelper(name, helper);
  const clash = [...sources.layouts.keys()].filter((n) => sources.partials.has(n));
  if (clash.length > 0) throw new Error(`templates: layout and partial share a name: ${clash}`);
  const compile = (source: string, name: string) => {
    try {
      // Compiling eagerly reports template errors now, naming the file.
      const template = hb.compile(source, COMPILE_OPTIONS);
      hb.precompile(source, COMPILE_OPTIONS);
      return template;
    } catch (error) {
      throw new Error(`template ${name}: ${(error as Error).message}`);
    }
  };
  for (const [name, source] of sources.layouts)
    hb.registerPartial(name, compile(source, `layouts/${name}.hbs`));
  for (const [name, source] of sources.partials)
    hb.registerPartial(name, compile(source, `partials/${name}.hbs`));
  // The stylesheet is CSS, not a template: a function partial copies it verbatim, unparsed.
  hb.registerPartial('print-css', () => sources.css);
  const reports = new Map(
    [...sources.reports].map(([name, source]) => [name, compile(source, `reports/${name}.hbs`)]),
  );
  return {
    sources,
    render(report, model) {
      const template = reports.get(report);
      if (!template) throw new Error(`no template templates/reports/${report}.hbs`);
      try {
        return template(model);
      } catch (error) {
        throw new Error(`rendering ${report}: ${(error as Error).message}`);
      }
    },
  };
}

/** Reads and compiles the package's templates. */
export async function loadTemplates(dir?: string): Promise<ReportTemplates> {
  return compileTemplates(await readTemplateSources(dir));
}
