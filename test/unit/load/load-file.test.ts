import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDB } from '../../../functions/core/engine/duckdb-instance.js';
import { ALL_EXTRACTS } from '../../../functions/core/extracts/index.js';
import { type LoadResult, loadFile } from '../../../functions/core/load/index.js';
import { LocalStore } from '../../../functions/core/store/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

type Row = Record<string, string>;

/** A valid November 2019 row for each extract; each test changes one thing. */
const VALID: Record<string, Row> = {
  contacts: {
    contact_id: 'c1',
    child_id: 'k1',
    contact_date: '2019-11-05',
    source: '2A',
    case_status: 'new',
    outcome: 'referral',
    gender: 'female',
    date_of_birth: '2010-01-01',
  },
  referrals: {
    referral_id: 'r1',
    child_id: 'k1',
    contact_id: 'c1',
    referral_date: '2019-11-05',
    source: '6',
    priority: 'cp',
    outcome: 'assessment',
    decision_at: '2019-11-05T14:00:00',
  },
  assessments: {
    assessment_id: 'a1',
    child_id: 'k1',
    referral_id: 'r1',
    start_date: '2019-10-01',
    authorised_date: '2019-11-20',
    outcome: 'support',
  },
  s47_enquiries: {
    s47_id: 's1',
    child_id: 'k1',
    referral_id: 'r1',
    strategy_discussion_date: '2019-11-06',
    icpc_date: '2019-11-20',
    icpc_not_required: 'false',
  },
  foster_households: {
    household_id: 'h1',
    carer_type: 'mainstream',
    approval_date: '2015-03-01',
    deregistration_date: '',
    deregistration_reason: '',
    last_review_date: '2019-06-01',
    last_supervision_date: '2019-11-01',
    last_unannounced_visit_date: '2019-05-01',
    approved_places: '3',
    children_placed: '2',
    hive: 'Test Hive',
  },
  care_leavers: {
    person_id: 'p1',
    date_of_birth: '2001-05-05',
    gender: 'female',
    ethnicity: 'WBRI',
    eligibility: 'former_relevant',
    team: 'NW',
    uasc: 'false',
    in_touch: 'YES',
    activity: 'F1',
    accommodation: 'B1',
    staying_put: 'no',
    health_passport: 'received',
    higher_education: 'N',
    last_contact_date: '2019-11-10',
  },
};

function csv(rows: Row[], header = Object.keys(rows[0]!)): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return (
    [header.join(','), ...rows.map((r) => header.map((h) => cell(r[h] ?? '')).join(','))].join(
      '\n',
    ) + '\n'
  );
}

let duckdb: DuckDBInstance;
let dir: { path: string; remove: () => Promise<void> };
let store: LocalStore;

beforeAll(async () => {
  duckdb = await openDuckDB({ threads: 1 });
});
beforeEach(async () => {
  dir = await tempDir();
  store = new LocalStore(join(dir.path, 'warehouse'));
});
afterEach(() => dir.remove());

async function load(name: string, content: string | Uint8Array): Promise<LoadResult> {
  const path = join(dir.path, name);
  await writeFile(path, content);
  return loadFile(path, { store, duckdb });
}

async function rejectsOf(result: LoadResult): Promise<string[][]> {
  if (!result.rejects_key) return [];
  const text = (await store.get(result.rejects_key))!.toString('utf8');
  return text
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(','));
}

async function warehouseRows(table: string): Promise<Record<string, unknown>[]> {
  const connection = await duckdb.connect();
  const glob = join(store.localRoot!, table, '**', '*.parquet');
  const reader = await connection.runAndReadAll(
    'SELECT * FROM read_parquet($glob, hive_partitioning = true, hive_types_autocast = false) ORDER BY ALL',
    { glob },
  );
  connection.closeSync();
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

describe('every validation rule, failing and passing', () => {
  const cases: [extract: string, change: Row, column: string, rule: string | null][] = [
    ['contacts', {}, '', null],
    ['contacts', { contact_id: '' }, 'contact_id', 'required: value is blank'],
    ['contacts', { child_id: '  ' }, 'child_id', 'required: value is blank'],
    [
      'contacts',
      { contact_date: '2019-12-01' },
      'contact_date',
      'date: outside the delivery month',
    ],
    [
      'contacts',
      { contact_date: '31/10/2019' },
      'contact_date',
      'date: outside the delivery month',
    ],
    ['contacts', { contact_date: '30/11/2019' }, '', null],
    ['contacts', { contact_date: '31/02/2019' }, 'contact_date', 'type: not a date'],
    ['contacts', { source: 'ZZ' }, 'source', 'code: not in the code list'],
    ['contacts', { source: '2a' }, '', null],
    ['contacts', { source: '' }, '', null],
    ['contacts', { case_status: 'closed' }, 'case_status', 'code: not in the code list'],
    ['contacts', { outcome: 'REFERRAL' }, '', null],
    ['contacts', { gender: 'x' }, 'gender', 'code: not in the code list'],
    ['contacts', { date_of_birth: '2020-03-01' }, '', null],
    [
      'referrals',
      { decision_at: '2019-11-04T10:00:00' },
      'decision_at',
      'order: before referral_date',
    ],
    ['referrals', { decision_at: 'yesterday' }, 'decision_at', 'type: not an ISO 8601 date-time'],
    ['referrals', { priority: 'urgent' }, 'priority', 'code: not in the code list'],
    [
      'referrals',
      { referral_date: '2019-10-31' },
      'referral_date',
      'date: outside the delivery month',
    ],
    [
      'assessments',
      { authorised_date: '2019-11-01', start_date: '2019-11-02' },
      'authorised_date',
      'order: before start_date',
    ],
    ['assessments', { start_date: '' }, 'start_date', 'required: value is blank'],
    ['assessments', { outcome: 'maybe' }, 'outcome', 'code: not in the code list'],
    ['s47_enquiries', { icpc_not_required: 'maybe' }, 'icpc_not_required', 'type: not a boolean'],
    [
      's47_enquiries',
      { icpc_date: '2019-11-05' },
      'icpc_date',
      'order: before strategy_discussion_date',
    ],
    ['s47_enquiries', { icpc_date: '2019-12-05' }, '', null],
    [
      'foster_households',
      { approved_places: '-1' },
      'approved_places',
      'range: below the minimum 0',
    ],
    [
      'foster_households',
      { children_placed: '1.5' },
      'children_placed',
      'type: not a whole number',
    ],
    [
      'foster_households',
      { approval_date: '2019-12-01' },
      'approval_date',
      'date: after the end of the delivery month',
    ],
    [
      'foster_households',
      { deregistration_date: '2019-11-10' },
      'deregistration_reason',
      'required: must be present when deregistration_date is',
    ],
    [
      'foster_households',
      { deregistration_date: '2019-11-10', deregistration_reason: 'retirement' },
      '',
      null,
    ],
    [
      'foster_households',
      { deregistration_date: '2014-01-01', deregistration_reason: 'other' },
      'deregistration_date',
      'order: before approval_date',
    ],
    ['foster_households', { carer_type: '' }, 'carer_type', 'required: value is blank'],
    [
      'care_leavers',
      { date_of_birth: '2003-12-01' },
      'date_of_birth',
      'range: age at month end outside 16-25',
    ],
    ['care_leavers', { date_of_birth: '2003-11-30' }, '', null],
    [
      'care_leavers',
      { date_of_birth: '1993-11-30' },
      'date_of_birth',
      'range: age at month end outside 16-25',
    ],
    ['care_leavers', { date_of_birth: '1993-12-01' }, '', null],
    [
      'care_leavers',
      { in_touch: 'NO' },
      'activity',
      'consistency: must be blank unless in_touch is YES',
    ],
    ['care_leavers', { in_touch: 'NO', activity: '', accommodation: '' }, '', null],
    ['care_leavers', { accommodation: 'S1' }, 'accommodation', 'code: not in the code list'],
    ['care_leavers', { ethnicity: 'wbri' }, '', null],
    ['care_leavers', { uasc: 'perhaps' }, 'uasc', 'type: not a boolean'],
  ];
  test.each(cases)('%s %j -> %s %s', async (extract, change, column, rule) => {
    const result = await load(
      `${extract}_850_2019-11.csv`,
      csv([{ ...VALID[extract]!, ...change }]),
    );
    const rejects = await rejectsOf(result);
    if (rule === null) {
      expect(rejects).toEqual([]);
      expect(result).toMatchObject({
        status: 'loaded',
        rows_read: 1,
        rows_loaded: 1,
        rows_rejected: 0,
      });
    } else {
      expect(rejects.length).toBeGreaterThan(0);
      expect(rejects[0]!.slice(0, 3)).toEqual([`${extract}_850_2019-11.csv`, '2', column]);
      expect(rejects[0]![3]).toContain(rule);
      expect(result).toMatchObject({ status: 'not_replaced', rows_read: 1, rows_rejected: 1 });
    }
  });

  test('every schema has a valid example row above', () => {
    for (const schema of ALL_EXTRACTS.filter((s) => s.kind !== 'reference')) {
      expect(Object.keys(VALID[schema.name]!)).toEqual(schema.columns.map((c) => c.name));
    }
  });
});

describe('rows and files', () => {
  test('bad rows are rejected with their row number; the rest loads, typed and canonical', async () => {
    const rows = [
      VALID.contacts!,
      {
        ...VALID.contacts!,
        contact_id: 'c2',
        source: '3a',
        outcome: 'Closed',
        contact_date: '29/11/2019',
      },
      { ...VALID.contacts!, contact_id: 'c3', contact_date: 'soon' },
      { ...VALID.contacts!, contact_id: 'c1' },
    ];
    const result = await load(
      'contacts_850_2019-11.csv',
      `\uFEFF${csv(rows, [...Object.keys(rows[0]!), 'Worker Name'])}`,
    );
    expect(result).toMatchObject({
      status: 'loaded',
      rows_read: 4,
      rows_loaded: 2,
      rows_rejected: 2,
    });
    expect(result.columns_dropped).toEqual(['Worker Name']);
    expect(await rejectsOf(result)).toEqual([
      [
        'contacts_850_2019-11.csv',
        '4',
        'contact_date',
        'type: not a date (YYYY-MM-DD or DD/MM/YYYY)',
        'soon',
      ],
      [
        'contacts_850_2019-11.csv',
        '5',
        'contact_id',
        'key: duplicate of an earlier row in this file',
        'c1',
      ],
    ]);
    const stored = await warehouseRows('contacts');
    expect(
      stored.map((r) => [r.contact_id, r.contact_date, r.source, r.outcome, r.la_code, r.month]),
    ).toEqual([
      ['c1', '2019-11-05', '2A', 'referral', '850', '2019-11'],
      ['c2', '2019-11-29', '3A', 'closed', '850', '2019-11'],
    ]);
  });

  test('a row with the wrong number of fields or bytes that are not UTF-8 is rejected alone', async () => {
    const header = Object.keys(VALID.contacts!).join(',');
    const good = Object.values(VALID.contacts!).join(',');
    const text = `${header}\n${good}\nc2,k2,2019-11-06\n${good.replace('c1', 'c3')}\n`;
    const latin1 = Buffer.concat([
      Buffer.from(`${text}${good.replace('c1', 'c4').replace('Test', 'x')}`),
      Buffer.from([0x0a]),
      Buffer.from('c5,k\xe9,2019-11-06,,new,closed,,\n', 'latin1'),
    ]);
    const result = await load('contacts_850_2019-11.csv', latin1);
    expect(result).toMatchObject({ rows_read: 5, rows_loaded: 3, rows_rejected: 2 });
    const rejects = await rejectsOf(result);
    expect(rejects.map((r) => [r[1], r[3]])).toEqual([
      ['3', 'structure: wrong number of fields: 3 where the header has 8'],
      ['6', 'encoding: not valid UTF-8'],
    ]);
  });

  test.each([
    ['contacts_850_2019-11.csv', '', 'the file is empty'],
    ['contacts_850_2019-11.csv', Buffer.from('\ufeffcontact_id,child_id\n', 'utf16le'), 'UTF-16'],
    [
      'contacts_850_2019-11.csv',
      'contact_id;child_id;contact_date\n1;2;2019-11-01\n',
      'not comma-separated',
    ],
    [
      'contacts_850_2019-11.csv',
      'contact_id,contact_date\nc1,2019-11-01\n',
      'lacks required column child_id',
    ],
    ['contacts_850_2019-11.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]), 'not a CSV file'],
    [
      'contacts_850_2019-11.csv',
      'contact_id,child_id,Contact_ID,contact_date\n',
      'appears 2 times',
    ],
    ['contacts_850_2019-13.csv', 'x\n', 'not a calendar month'],
    ['contacts-850-2019-11.csv', 'x\n', 'file name not recognised'],
    ['visits_850_2019-11.csv', 'x\n', 'unknown extract "visits"'],
  ])('%s is rejected whole (%s) and nothing is written', async (name, content, problem) => {
    const before = await load('contacts_850_2019-11.csv', csv([VALID.contacts!]));
    expect(before.status).toBe('loaded');
    const keys = (await store.list('')).map((o) => `${o.key}:${o.version}`);
    const result = await load(name, content);
    expect(result.status).toBe('rejected');
    expect(result.message).toContain(name);
    expect(result.message).toContain(problem);
    expect((await store.list('')).map((o) => `${o.key}:${o.version}`)).toEqual(keys);
  });

  test('an LA missing from the LA list is rejected when the list is given', async () => {
    const path = join(dir.path, 'contacts_999_2019-11.csv');
    await writeFile(path, csv([VALID.contacts!]));
    const result = await loadFile(path, { store, duckdb, knownLaCodes: new Set(['850']) });
    expect(result.message).toContain('LA 999 is not in the LA list');
  });
});

describe('replace semantics', () => {
  test('a re-sent month replaces that month only; re-loading the same file changes nothing', async () => {
    const october = { ...VALID.contacts!, contact_id: 'o1', contact_date: '2019-10-09' };
    await load('contacts_850_2019-10.csv', csv([october]));
    const first = await load(
      'contacts_850_2019-11.csv',
      csv([VALID.contacts!, { ...VALID.contacts!, contact_id: 'c2' }]),
    );
    await load('contacts_921_2019-11.csv', csv([{ ...VALID.contacts!, contact_id: 'w1' }]));
    const octoberFile = 'contacts/la_code=850/month=2019-10/part-0.parquet';
    const octoberBytes = await store.get(octoberFile);

    const resent = await load(
      'contacts_850_2019-11.csv',
      csv([{ ...VALID.contacts!, contact_id: 'c9' }]),
    );
    expect(resent.months_replaced).toEqual(['2019-11']);
    expect(resent.delivery_id).not.toEqual(first.delivery_id);
    const ids = (await warehouseRows('contacts')).map(
      (r) => `${r.la_code}/${r.month}/${r.contact_id}`,
    );
    expect(ids.sort()).toEqual(['850/2019-10/o1', '850/2019-11/c9', '921/2019-11/w1']);
    expect(await store.get(octoberFile)).toEqual(octoberBytes);

    const before = await store.get('contacts/la_code=850/month=2019-11/part-0.parquet');
    const again = await load(
      'contacts_850_2019-11.csv',
      csv([{ ...VALID.contacts!, contact_id: 'c9' }]),
    );
    expect(again.delivery_id).toEqual(resent.delivery_id);
    expect(await store.get('contacts/la_code=850/month=2019-11/part-0.parquet')).toEqual(before);
    expect((await store.list('contacts/')).length).toBe(3);
  });

  test('a file whose every row is rejected keeps the month as it was', async () => {
    await load('contacts_850_2019-11.csv', csv([VALID.contacts!]));
    const result = await load(
      'contacts_850_2019-11.csv',
      csv([{ ...VALID.contacts!, contact_date: 'never' }]),
    );
    expect(result.status).toBe('not_replaced');
    expect((await warehouseRows('contacts')).map((r) => r.contact_id)).toEqual(['c1']);
  });

  test('the manifest records the delivery', async () => {
    const result = await load(
      'contacts_850_2019-11.csv',
      csv([VALID.contacts!, { ...VALID.contacts!, contact_id: '' }]),
    );
    const manifest = JSON.parse(
      (await store.get(`_loads/${result.delivery_id}.json`))!.toString('utf8'),
    );
    const sha = (await import('node:crypto'))
      .createHash('sha256')
      .update(await readFile(join(dir.path, 'contacts_850_2019-11.csv')))
      .digest('hex');
    expect(manifest).toMatchObject({
      file: 'contacts_850_2019-11.csv',
      file_sha256: sha,
      extract: 'contacts',
      la_code: '850',
      month: '2019-11',
      rows_read: 2,
      rows_loaded: 1,
      rows_rejected: 1,
      months_replaced: ['2019-11'],
      columns_dropped: [],
      reject_reasons: { 'contact_id: required: value is blank': 1 },
    });
  });

  test('benchmarks: a row replaces a loaded row with the same measure, period_end and area', async () => {
    const header = 'measure,period_end,area,value\n';
    await load(
      'benchmarks_2022-12.csv',
      `${header}care_leavers_in_touch_19_21,2022-12-31,South East,91.5\ncare_leavers_in_touch_19_21,2022-09-30,South East,90\n`,
    );
    await load(
      'benchmarks_2023-03.csv',
      `${header}care_leavers_in_touch_19_21,2022-12-31,South East,92.25\ncare_leavers_in_touch_19_21,2022-12-31,England,89\n`,
    );
    const rows = await warehouseRows('benchmarks');
    expect(rows.map((r) => `${r.period_end} ${r.area} ${r.value}`).sort()).toEqual([
      '2022-09-30 South East 90',
      '2022-12-31 England 89',
      '2022-12-31 South East 92.25',
    ]);
  });
});
