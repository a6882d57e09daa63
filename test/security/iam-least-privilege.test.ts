/**
 * SPEC 7 and 8: least privilege, as a rule over every policy the stack synthesises rather than
 * a list of expected statements: no wildcard S3 action, no S3 or KMS grant on `*`, no
 * object grant on a whole bucket, each function's (and each managed policy's) S3 objects only
 * under the prefixes it works in, and bucket policies that allow nothing to anyone but S3's log
 * delivery. test/infra/iam-scoping.test.ts pins the exact statements; this file would catch a
 * new grant nobody thought to list there. Run for both table engines.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { ALL_EXTRACTS } from '../../functions/core/extracts/index.js';
import type { PanelpackStack } from '../../infra/stacks/panelpack-stack.js';
import {
  type Cfn,
  flatten,
  logicalId,
  resourcesOf,
  synthPanelpack,
} from '../infra/synth-panelpack.js';

interface Grant {
  readonly policy: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every identity-policy statement, tagged with the role (or managed policy) it belongs to. */
function grants(template: Template): Map<string, Grant[]> {
  const byOwner = new Map<string, Grant[]>();
  const add = (owner: string, policy: string, statements: Cfn[]) => {
    const held = byOwner.get(owner) ?? [];
    for (const s of statements) {
      held.push({
        policy,
        effect: s.Effect,
        actions: list<string>(s.Action),
        resources: list(s.Resource).map(flatten),
      });
    }
    byOwner.set(owner, held);
  };
  for (const [id, p] of resourcesOf(template, 'AWS::IAM::Policy')) {
    for (const role of list<Cfn>(p.Roles)) add(role.Ref, id, p.PolicyDocument.Statement);
  }
  for (const [id, p] of resourcesOf(template, 'AWS::IAM::ManagedPolicy')) {
    add(id, id, p.PolicyDocument.Statement);
  }
  for (const [id, p] of resourcesOf(template, 'AWS::IAM::Role')) {
    for (const inline of list<Cfn>(p.Policies)) add(id, id, inline.PolicyDocument.Statement);
  }
  return byOwner;
}

/** The S3 object ARNs and bucket ARNs a set of grants names in S3 actions. */
function s3Targets(held: readonly Grant[]): { objects: string[]; buckets: string[] } {
  const objects = new Set<string>();
  const buckets = new Set<string>();
  for (const g of held.filter((g) => g.actions.some((a) => a.startsWith('s3:')))) {
    for (const r of g.resources) (r.includes('/') ? objects : buckets).add(r);
  }
  return { objects: [...objects].sort(), buckets: [...buckets].sort() };
}

describe.each([
  ['DuckDB', {}],
  ['Athena', { 'panelpack:tablesEngine': 'athena' }],
])('with report tables built on %s', (engine, context) => {
  let stack: PanelpackStack;
  let template: Template;
  let byOwner: Map<string, Grant[]>;
  let arn: Record<'landing' | 'warehouse' | 'reports' | 'results', string>;

  beforeAll(async () => {
    ({ stack, template } = await synthPanelpack(context));
    byOwner = grants(template);
    const b = stack.buckets;
    const bucket = {
      landing: b.landing,
      warehouse: b.warehouse,
      reports: b.reports,
      results: b.athenaResults,
    };
    arn = Object.fromEntries(
      Object.entries(bucket).map(([name, sb]) => [name, `<${logicalId(stack, sb.bucket)}.Arn>`]),
    ) as typeof arn;
  }, 300_000);

  test('no identity policy allows a wildcard S3 action, or S3 or KMS on every resource', () => {
    expect(byOwner.size).toBeGreaterThan(5);
    for (const [owner, held] of byOwner) {
      for (const g of held.filter((g) => g.effect === 'Allow')) {
        const s3 = g.actions.filter((a) => /^s3:/i.test(a));
        const kms = g.actions.filter((a) => /^kms:/i.test(a));
        for (const action of g.actions)
          expect({ owner, action }).not.toEqual({ owner, action: '*' });
        for (const action of s3)
          expect({ owner, action, wildcard: action.includes('*') }).toEqual({
            owner,
            action,
            wildcard: false,
          });
        if (s3.length > 0 || kms.length > 0) {
          expect({ owner, resources: g.resources.filter((r) => r === '*') }).toEqual({
            owner,
            resources: [],
          });
        }
        // An object grant names a prefix, never a whole bucket (`arn:...:bucket/*`).
        for (const r of g.resources)
          expect({ owner, r, whole: /\.Arn>\/\*$/.test(r) }).toEqual({ owner, r, whole: false });
      }
    }
  });

  test("each function's S3 objects lie only under the prefixes it works in", () => {
    const extracts = ALL_EXTRACTS.map((e) => e.name);
    const wh = (prefixes: readonly string[]) =>
      prefixes.map((p) => `${arn.warehouse}/warehouse/${p}/*`);
    const athena = engine === 'Athena';
    const allowed: [string, { function: unknown; role: unknown }, string[]][] = [
      [
        'ingest',
        stack.ingest as never,
        [
          `${arn.landing}/incoming/*`,
          ...wh([...extracts, '_rejects', '_loads', '_locks', 'reference']),
        ],
      ],
      [
        'tables',
        stack.tables as never,
        [
          ...wh([...extracts, 'report_tables']),
          // On Athena the report SQL's joins to calendar, la and referral_sources are read
          // through Glue with the function's own credentials.
          ...(athena ? [...wh(['_tmp', 'reference']), `${arn.results}/results/*`] : []),
        ],
      ],
      [
        'render',
        stack.render as never,
        [...wh([...extracts, 'report_tables']), `${arn.reports}/reports/*`],
      ],
      ['reports API', stack.clerksApi.handler as never, [`${arn.reports}/reports/*`]],
    ];
    for (const [name, fn, prefixes] of allowed) {
      const role = logicalId(stack, fn.role as never);
      const { objects, buckets } = s3Targets(byOwner.get(role) ?? []);
      expect(objects.length).toBeGreaterThan(0);
      expect({ name, outside: objects.filter((o) => !prefixes.includes(o)) }).toEqual({
        name,
        outside: [],
      });
      // Bucket-level actions (listing) only on the buckets those prefixes are in.
      const own = new Set(prefixes.map((p) => p.slice(0, p.indexOf('/'))));
      expect({ name, others: buckets.filter((b) => !own.has(b)) }).toEqual({ name, others: [] });
    }
  });

  test('the managed policies: uploaders write deliveries only; analysts read the warehouse and write only query results', () => {
    const uploader = s3Targets(byOwner.get(logicalId(stack, stack.uploaderPolicy as never))!);
    expect(uploader.objects).toEqual([`${arn.landing}/incoming/*`]);
    const analyst = byOwner.get(logicalId(stack, stack.analystPolicy as never))!;
    const writes = analyst.filter((g) => g.actions.some((a) => /^s3:(Put|Delete)/.test(a)));
    expect(writes.flatMap((g) => g.resources)).toEqual([`${arn.results}/results/*`]);
    expect(s3Targets(analyst).objects).not.toContain(`${arn.reports}/reports/*`);
    expect(s3Targets(analyst).objects.some((o) => o.startsWith(arn.landing))).toBe(false);
  });

  test('bucket policies allow nothing to anyone, except S3 log delivery writing access logs', () => {
    const policies = resourcesOf(template, 'AWS::S3::BucketPolicy');
    expect(policies.length).toBe(5);
    for (const [id, p] of policies) {
      for (const s of p.PolicyDocument.Statement as Cfn[]) {
        if (s.Effect === 'Deny') continue;
        expect({ id, principal: s.Principal }).toEqual({
          id,
          principal: { Service: 'logging.s3.amazonaws.com' },
        });
        expect(list(s.Action)).toEqual(['s3:PutObject']);
      }
    }
  });
});
