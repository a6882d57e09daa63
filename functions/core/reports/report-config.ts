import { readdir, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { packagePath } from '../package-root.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a YYYY-MM-DD date');
const text = z.string().trim().min(1);
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens');

const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** When a committee meets: listed dates, a rule such as "first Tuesday of Feb, May, Jul, Oct", or both. */
const meetingsSchema = z
  .object({
    /** Dates already fixed by the council's calendar of meetings. */
    dates: z.array(isoDate).default([]),
    rule: z
      .object({
        weekday: z.enum(WEEKDAYS),
        /** 1-4 for the first to fourth such weekday of the month, or "last". */
        occurrence: z.union([z.number().int().min(1).max(4), z.literal('last')]),
        months: z.array(z.number().int().min(1).max(12)).min(1),
      })
      .optional(),
    /** The usual start time as the notice prints it, e.g. "1.30 pm". */
    time: text,
    /**
     * Days between the end of the data month and the earliest meeting the papers can go to
     * (writing, clearance and the five clear days of publication).
     */
    leadDays: z.number().int().min(0).max(366).default(21),
  })
  .refine((m) => m.dates.length > 0 || m.rule, 'give meeting dates, a rule, or both');

const committeeSchema = z.object({
  name: text,
  /** The header block's first label: "Panel", "Committee" or "Decision Maker". */
  headerLabel: z.enum(['Panel', 'Committee', 'Committee/Panel', 'Decision Maker']),
  place: text,
  meetings: meetingsSchema,
});

const contactSchema = z.object({
  name: text,
  role: text.optional(),
  tel: text,
  email: z.email(),
});

/**
 * Statistical disclosure control for papers that are published (docs/security.md): counts
 * below `threshold` print as "<threshold", with secondary suppression.
 */
const disclosureSchema = z.object({
  threshold: z.number().int().min(2).max(100).default(5),
});

const reportSchema = z.object({
  /** Key of `committees` this report goes to. */
  committee: slug,
  title: text,
  /** The agenda's item heading; defaults to the title in capitals. */
  agendaTitle: text.optional(),
  /** The agenda's line under the item, e.g. "To receive a report from ...". */
  agendaSummary: text,
  reference: text.optional(),
  reportFrom: text,
  contact: contactSchema,
  recommendations: z.array(text).min(1),
  /** Yes/No against each of the council's strategic aims, in `council.strategicAims` order. */
  strategicPlan: z.array(z.boolean()),
  equalitiesStatement: text,
  climateChange: text.optional(),
  /** This report's disclosure control, over the LA's; `false` keeps it internal. */
  disclosureControl: z.union([disclosureSchema, z.literal(false)]).optional(),
});

const standardItemSchema = z.object({ title: text, text });

const configSchema = z
  .object({
    laCode: z.string().regex(/^\d{3}$/, 'a 3-digit DfE LA number'),
    council: z.object({
      /** "Hampshire County Council". */
      name: text,
      /** "Hampshire": the place name tables and captions use. */
      shortName: text,
      /** The place with its preposition, for sentences: "in Hampshire", "on the Isle of Wight". */
      inPlace: text,
      /** How the council refers to itself in statutory text: "The County Council". */
      selfReference: text,
      chiefExecutive: z.object({ name: text, title: text, address: text }),
      enquiries: z.email(),
      strategicAims: z.array(text).min(1),
      filmingNotice: text,
      aboutAgenda: text,
      aboutMeeting: text,
      travellingExpenses: text.optional(),
      climateChange: text,
    }),
    /** Other LAs whose front door this LA's CRT/MASH also runs (seed 004 para 10). */
    frontDoorPartners: z
      .array(z.object({ laCode: z.string().regex(/^\d{3}$/), name: text }))
      .default([]),
    /** Items before the reports on every agenda (apologies, declarations, minutes, ...). */
    standardItems: z.array(standardItemSchema).min(1),
    committees: z.record(slug, committeeSchema),
    reports: z.record(slug, reportSchema),
    /** Disclosure control for every report of the LA (off when absent). */
    disclosureControl: disclosureSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const aims = config.council.strategicAims.length;
    for (const [id, report] of Object.entries(config.reports)) {
      if (!config.committees[report.committee]) {
        ctx.addIssue({
          code: 'custom',
          path: ['reports', id, 'committee'],
          message: `no committee "${report.committee}" in committees`,
        });
      }
      if (report.strategicPlan.length !== aims) {
        ctx.addIssue({
          code: 'custom',
          path: ['reports', id, 'strategicPlan'],
          message: `expected ${aims} Yes/No answers, one per council.strategicAims`,
        });
      }
    }
  });

/** One LA's report metadata: council, committees and their meetings, each report's header. */
export type ReportConfig = z.infer<typeof configSchema>;
export type CommitteeConfig = ReportConfig['committees'][string];
export type ReportMetadata = ReportConfig['reports'][string];

/** The report metadata file of an LA: `config/reports/<la_code>.json` in the package. */
export function reportConfigPath(laCode: string, dir = packagePath('config', 'reports')): string {
  if (!/^\d{3}$/.test(laCode)) throw new Error(`LA ${laCode}: expected a 3-digit DfE LA number`);
  return `${dir}/${laCode}.json`;
}

/** Checks a parsed config file; the error names the file and each field that is wrong. */
export function parseReportConfig(value: unknown, source: string): ReportConfig {
  const result = configSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new Error(`${source} is not a valid report config:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/**
 * Reads and checks an LA's report metadata. Fails fast, naming the file, when it is missing or
 * malformed, or when it belongs to another LA.
 */
export async function loadReportConfig(laCode: string, dir?: string): Promise<ReportConfig> {
  const path = reportConfigPath(laCode, dir);
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch {
    throw new Error(
      `no report config for LA ${laCode}: create ${path} (see docs/reports.md for the format)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const config = parseReportConfig(json, path);
  if (config.laCode !== laCode) {
    throw new Error(`${path} has laCode ${config.laCode}, expected ${laCode}`);
  }
  return config;
}

/** LA codes that have a report config file. */
export async function configuredLaCodes(dir = packagePath('config', 'reports')): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .map((n) => /^(\d{3})\.json$/.exec(n)?.[1])
    .filter((c): c is string => c !== undefined)
    .sort();
}
