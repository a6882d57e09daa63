import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDB } from '../../../functions/core/engine/duckdb-instance.js';
import { type LoadResult, loadPaths } from '../../../functions/core/load/index.js';
import { Harness, type SheetSpec, xlsxBytes } from '../../fixtures/annex-a/annex-a-harness.js';

// Workbooks written here, each with what councils' real Annex A files do: sheet name variants,
// title rows, codes with and without their a) prefixes or as words, Excel serial numbers and
// text dates, header variants, staff names. They load through the CSV path's validation.

const LIST_1_HEADER = [
  'Child Unique ID',
  'Gender',
  'Ethnicity',
  'Date of Birth',
  'Age of Child (Years)',
  'Date of Contact',
  'Contact Source',
];
const LIST_3_HEADER = [
  'Child Unique ID',
  'Gender',
  'Date of referral',
  'Referral Source',
  'Referral NFA?',
  'Allocated Team',
  'Allocated Worker',
];
const LIST_9_HEADER = [
  'Child Unique ID',
  'Gender',
  'Ethnicity',
  'Date of Birth',
  'Age',
  'Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)',
  'Allocated Team',
  'Allocated Worker',
  'Allocated Personal Advisor',
  'Eligibility Category',
  'LA In Touch ',
  'Latest Date of Contact',
  'Type of Accommodation',
  'Suitability of Accommodation',
  'Activity Status',
];

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** Excel's serial number for a day (what a date cell holds once its format is lost). */
const serial = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25_569;

let duckdb: DuckDBInstance;
let h: Harness;
beforeAll(async () => {
  duckdb = await openDuckDB({ threads: 1 });
});
beforeEach(async () => {
  h = await Harness.create(duckdb);
});
afterEach(() => h.remove());

const load = async (name: string, sheets: SheetSpec[]) => h.load(name, await xlsxBytes(sheets));
const contact = (id: number | string, date: unknown, source: unknown = 'q) 6: Police') => [
  id,
  'a) Male',
  'a) WBRI',
  day('2012-03-04'),
  7,
  date,
  source,
];
const byMonth = (result: LoadResult) =>
  Object.fromEntries(
    (result.deliveries ?? []).map((d) => [
      `${d.extract} ${d.month}`,
      `${d.status} ${d.rows_read}/${d.rows_loaded}/${d.rows_rejected}`,
    ]),
  );

describe('months', () => {
  test('an event list is split by event month; dates from Excel dates, serial numbers and text; bad and out-of-period dates are rejected in the last month', async () => {
    // An earlier CSV delivery for a month inside the period that the workbook has no rows for.
    const csv = 'contact_id,child_id,contact_date\nkept-1,K1,2019-11-05\n';
    expect((await h.load('contacts_850_2019-11.csv', csv)).status).toBe('loaded');
    const result = await load('annex-a_850_2019-10_2020-03.xlsx', [
      {
        name: 'List_1',
        rows: [
          ['List 1: Contacts'],
          LIST_1_HEADER,
          contact('A', day('2020-01-15')), // row 3: an Excel date
          contact('B', serial('2020-02-01')), // row 4: a bare serial number
          contact('C', '15/02/2020'), // row 5: text, DD/MM/YYYY
          contact('A', '2020-01-15'), // row 6: same child and day as row 3: a second contact
          contact('D', '31/02/2020'), // row 7: not a day
          contact('E', day('2019-06-01')), // row 8: before the period
          [], // row 9: blank
          contact('F', ''), // row 10: no date
          contact('G', day('2020-03-10'), 'a) 1A: Individual'),
          contact('H', day('2020-03-20'), 'Individual'), // row 12: names 1A-1D, not one code
        ],
      },
    ]);
    expect(byMonth(result)).toEqual({
      'contacts 2020-01': 'loaded 2/2/0',
      'contacts 2020-02': 'loaded 2/2/0',
      'contacts 2020-03': 'loaded 5/1/4',
    });
    expect(result.months_replaced).toEqual(['2020-01', '2020-02', '2020-03']);
    const rows = await h.rows('contacts');
    expect(
      rows.map((r) => `${r.month} ${r.contact_id} ${r.contact_date} ${r.source}`).sort(),
    ).toEqual([
      '2019-11 kept-1 2019-11-05 null',
      '2020-01 A_2020-01-15 2020-01-15 6',
      '2020-01 A_2020-01-15_2 2020-01-15 6',
      '2020-02 B_2020-02-01 2020-02-01 6',
      '2020-02 C_2020-02-15 2020-02-15 6',
      '2020-03 G_2020-03-10 2020-03-10 1A',
    ]);
    const march = result.deliveries!.find((d) => d.month === '2020-03')!;
    expect((await h.rejects(march)).map((r) => r.slice(1))).toEqual([
      ['7', 'contact_date', 'type: not a date (YYYY-MM-DD or DD/MM/YYYY)', '31/02/2020'],
      ['8', 'contact_date', 'date: outside the delivery month', '2019-06-01'],
      ['10', 'contact_date', 'required: value is blank', ''],
      [
        '12',
        'source',
        'code: not in the code list (1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 5D 6 7 8 9 10)',
        'Individual',
      ],
    ]);
  });

  test('a month whose every row is rejected keeps its earlier data; other months still load', async () => {
    const csv = 'contact_id,child_id,contact_date\nkept-1,K1,2020-02-05\n';
    await h.load('contacts_850_2020-02.csv', csv);
    const result = await load('annex-a_850_2020-03.xlsx', [
      {
        name: 'List 1',
        rows: [
          LIST_1_HEADER,
          contact('A', day('2020-02-10'), 'zz) nonsense'),
          contact('B', day('2020-03-10')),
        ],
      },
    ]);
    expect(byMonth(result)).toEqual({
      'contacts 2020-02': 'not_replaced 1/0/1',
      'contacts 2020-03': 'loaded 1/1/0',
    });
    expect(result.status).toBe('loaded');
    expect((await h.rows('contacts')).map((r) => `${r.month} ${r.contact_id}`).sort()).toEqual([
      '2020-02 kept-1',
      '2020-03 B_2020-03-10',
    ]);
  });

  test('a snapshot list (List 9) is the last month of the period', async () => {
    const result = await load('annex-a_850_2023-08_2024-01.xlsx', [
      {
        name: 'List_9',
        rows: [
          LIST_9_HEADER,
          [
            9001,
            'b) Female',
            'a) WBRI',
            day('2004-02-01'),
            19,
            'N',
            'Care Leavers Team',
            'Xanthe Worker',
            'Yolanda Adviser',
            'b) Former relevant child',
            'a) Yes',
            day('2024-01-12'),
            'U: Independent living',
            'b) Unsuitable',
            'F5',
          ],
        ],
      },
    ]);
    expect(byMonth(result)).toEqual({ 'care_leavers 2024-01': 'loaded 1/1/0' });
  });
});

describe('what councils type', () => {
  test.each(['List_1', 'List 1', 'list1', 'LIST 1', 'List-1', ' List 1 ', 'List 1 - Contacts'])(
    'sheet %p is List 1',
    async (name) => {
      const result = await load('annex-a_850_2020-03.xlsx', [
        {
          name: 'List 10',
          rows: [
            ['Child Unique ID', 'Gender'],
            [1, 'a) Male'],
          ],
        },
        { name, rows: [LIST_1_HEADER, contact('A', day('2020-03-02'))] },
      ]);
      expect(byMonth(result)).toEqual({ 'contacts 2020-03': 'loaded 1/1/0' });
    },
  );

  test('Lists 10 and 11 are not List 1', async () => {
    const result = await load('annex-a_850_2020-03.xlsx', [
      { name: 'List 10', rows: [LIST_1_HEADER, contact('A', day('2020-03-02'))] },
      { name: 'List_11', rows: [LIST_1_HEADER, contact('A', day('2020-03-02'))] },
    ]);
    expect(result.status).toBe('rejected');
    expect(result.message).toContain('no sheet named List 1, 3, 4, 5 or 9');
  });

  test('title rows above the header, in any number, are skipped; row numbers stay the sheet rows', async () => {
    const result = await load('annex-a_850_2020-03.xlsx', [
      {
        name: 'List_1',
        rows: [
          ['Annex A: Hampshire'],
          ['List 1: Contacts', 'All contacts received in the six months before the inspection'],
          [],
          LIST_1_HEADER,
          contact('A', day('2020-03-02')),
          contact('B', 'yesterday'),
        ],
      },
    ]);
    expect(byMonth(result)).toEqual({ 'contacts 2020-03': 'loaded 2/1/1' });
    expect((await h.rejects(result.deliveries![0]!))[0]!.slice(1, 3)).toEqual([
      '6',
      'contact_date',
    ]);
  });

  test('codes with or without their a) prefix, as words, numbers and formulas', async () => {
    const sources: [unknown, string][] = [
      ['q) 6: Police', '6'],
      ['POLICE', '6'],
      ['‘POLICE’.', '6'],
      [6, '6'],
      [{ formula: '"PO"&"LICE"', result: 'POLICE' }, '6'],
      ['e) 2A: Schools', '2A'],
      ['Schools', '2A'],
      ['f) 2B: Education services', '2B'],
      ['m) 4: Housing', '4'],
      ['Health visitor', '3B'],
      ['u) 10: Unknown', '10'],
      ['Anonymous', '9'],
      ['', ''],
    ];
    const genders: [unknown, string][] = [
      ['a) Male', 'male'],
      ['Male', 'male'],
      [1, 'male'],
      ['b) Female', 'female'],
      ['F', 'female'],
      ['c) Not stated/recorded (or unborn)', 'unknown'],
      ['d) Neither', 'other'],
      [{ richText: [{ text: 'Fe' }, { text: 'male' }] }, 'female'],
    ];
    const rows = [
      ...sources.map(([source], i) => [`S${i}`, 'a) Male', '', '', '', day('2020-03-02'), source]),
      ...genders.map(([gender], i) => [`G${i}`, gender, '', '', '', day('2020-03-02'), '']),
    ];
    const result = await load('annex-a_850_2020-03.xlsx', [
      { name: 'List_1', rows: [LIST_1_HEADER, ...rows] },
    ]);
    expect(byMonth(result)).toEqual({
      'contacts 2020-03': `loaded ${rows.length}/${rows.length}/0`,
    });
    const loaded = new Map((await h.rows('contacts')).map((r) => [r.child_id, r]));
    sources.forEach(([, code], i) => {
      expect([i, loaded.get(`S${i}`)!.source]).toEqual([i, code || null]);
    });
    genders.forEach(([, code], i) => {
      expect([i, loaded.get(`G${i}`)!.gender]).toEqual([i, code]);
    });
  });

  test('header variants: lower-case "Date of referral", curly apostrophes, no question mark, "LA In Touch " with its trailing space', async () => {
    const result = await load('annex-a_850_2020-03.xlsx', [
      {
        name: 'List 3',
        rows: [
          LIST_3_HEADER,
          [31, 'a) Male', '03/03/2020', 'q) 6: Police', 'b) No', 'MASH', 'Wendell Worker'],
        ],
      },
      {
        name: 'List_4',
        rows: [
          [
            'CHILD UNIQUE ID',
            'Continuous Assessment Start Date',
            'Continuous Assessment Date of Authorisation',
            'Was the child assessed as requiring LA children’s social care support',
          ],
          [41, day('2020-01-20'), day('2020-03-04'), 'a) Yes'],
          [42, day('2020-02-20'), day('2020-03-05'), 'b) No'],
          [43, day('2020-02-25'), '', ''], // still open: not an assessment authorised in a month
        ],
      },
      {
        name: 'List_5',
        rows: [
          [
            'Child Unique ID',
            'Strategy discussion initiating Section 47 Enquiry Start Date',
            'Was an Initial Child Protection Conference deemed unnecessary?',
            'Date of Initial Child Protection Conference',
          ],
          [51, day('2020-03-02'), 'b) No', day('2020-03-20')],
          [52, day('2020-03-03'), 'a) Yes', ''],
          [53, day('2020-03-04'), '', ''],
        ],
      },
      {
        name: 'List_9',
        rows: [
          LIST_9_HEADER,
          [
            91,
            'a) Male',
            'White British',
            day('2001-05-06'),
            18,
            'Y',
            'NE',
            'Wendell Worker',
            'Petra Adviser',
            'a) Relevant child',
            'a) Yes',
            '01/03/2020',
            'U: Independent living',
            'b) Unsuitable',
            'F5',
          ],
          [
            92,
            'c) Not stated/recorded',
            'k) APKN',
            day('2002-05-06'),
            17,
            'N',
            'NE',
            '',
            '',
            'c) Qualifying care leaver',
            'b) No',
            '',
            '',
            '',
            '',
          ],
          [
            93,
            'd) Neither',
            'a) WBRI',
            day('2000-05-06'),
            19,
            'b) No',
            'NE',
            '',
            '',
            'b) Former relevant child',
            'd) Refu',
            '',
            '',
            '',
            '',
          ],
          [
            94,
            'a) Male',
            'a) WBRI',
            day('2000-05-06'),
            19,
            'N',
            'NE',
            '',
            '',
            'b) Former relevant child',
            'a) Yes',
            '',
            'S: No fixed abode / homeless',
            'a) Suitable',
            'G4',
          ],
          [
            95,
            'a) Male',
            'a) WBRI',
            day('2000-05-06'),
            19,
            'N',
            'NE',
            '',
            '',
            'b) Former relevant child',
            'b) No',
            '',
            'Y: Other accommodation',
            'a) Suitable',
            '',
          ],
        ],
      },
    ]);
    expect(byMonth(result)).toEqual({
      'referrals 2020-03': 'loaded 1/1/0',
      'assessments 2020-03': 'loaded 3/2/1',
      's47_enquiries 2020-03': 'loaded 3/3/0',
      'care_leavers 2020-03': 'loaded 5/3/2',
    });
    expect((await h.rows('referrals'))[0]).toMatchObject({
      referral_id: '31_2020-03-03',
      referral_date: '2020-03-03',
      source: '6',
      outcome: null,
    });
    expect((await h.rows('assessments')).map((r) => `${r.assessment_id} ${r.outcome}`)).toEqual([
      '41_2020-01-20 support',
      '42_2020-02-20 nfa',
    ]);
    const assessments = result.deliveries!.find((d) => d.extract === 'assessments')!;
    expect((await h.rejects(assessments)).map((r) => r.slice(1, 4))).toEqual([
      ['4', 'authorised_date', 'required: value is blank'],
    ]);
    expect((await h.rows('s47_enquiries')).map((r) => r.icpc_not_required)).toEqual([
      false,
      true,
      null,
    ]);
    const leavers = await h.rows('care_leavers');
    expect(
      leavers.map((r) => [
        r.person_id,
        r.gender,
        r.ethnicity,
        r.eligibility,
        r.uasc,
        r.in_touch,
        r.accommodation,
        r.activity,
        r.last_contact_date,
      ]),
    ).toEqual([
      ['91', 'male', 'WBRI', 'relevant', true, 'YES', 'U2', 'F5', '2020-03-01'],
      ['92', null, 'APKN', 'qualifying', false, 'NO', null, null, null],
      ['93', 'other', 'WBRI', 'former_relevant', false, 'REFU', null, null, null],
    ]);
    const list9 = result.deliveries!.find((d) => d.extract === 'care_leavers')!;
    expect((await h.rejects(list9)).map((r) => r.slice(1, 3).concat(r[4]!))).toEqual([
      ['5', 'accommodation', 'S1'], // S1 is not a valid SSDA903 combination
      ['6', 'accommodation', 'Y1'], // accommodation given while not in touch
    ]);
  });
});

describe('whole lists and workbooks that cannot be read', () => {
  test('a list without a required column is rejected whole; the other lists still load', async () => {
    const result = await load('annex-a_850_2020-03.xlsx', [
      { name: 'List_1', rows: [LIST_1_HEADER, contact('A', day('2020-03-02'))] },
      {
        name: 'List_3',
        rows: [
          ['Child Unique ID', 'Referral Source'],
          [1, 'POLICE'],
        ],
      },
    ]);
    expect(result.status).toBe('loaded');
    const list3 = result.deliveries!.find((d) => d.file.includes('List_3'))!;
    expect(list3.status).toBe('rejected');
    expect(list3.message).toContain(
      'the header lacks referral_date ("Date of Referral" or "Referral Date")',
    );
    expect(await h.rows('referrals')).toEqual([]);
    expect((await h.rows('contacts')).length).toBe(1);
  });

  test('a column matched twice, or a list in two sheets, rejects that list', async () => {
    const result = await load('annex-a_850_2020-03.xlsx', [
      {
        name: 'List_1',
        rows: [
          [...LIST_1_HEADER, 'Sex'],
          [...contact('A', day('2020-03-02')), 'M'],
        ],
      },
      { name: 'List_3', rows: [LIST_3_HEADER] },
      { name: 'List 3', rows: [LIST_3_HEADER] },
    ]);
    expect(result.status).toBe('rejected');
    expect(result.deliveries!.map((d) => d.message)).toEqual([
      expect.stringContaining('2 columns could be gender: "Gender", "Sex"'),
      expect.stringContaining('List 3 is in 2 sheets ("List_3", "List 3")'),
    ]);
    expect(await h.store.list('')).toEqual([]);
  });

  test('no header row under the title rows rejects the list', async () => {
    const result = await load('annex-a_850_2020-03.xlsx', [
      {
        name: 'List_1',
        rows: [
          ['ID', 'When'],
          [1, day('2020-03-02')],
        ],
      },
    ]);
    expect(result.deliveries![0]!.message).toContain('no header row of List 1 found');
  });

  test.each([
    ['annex-a_850_2020-03.xlsx', 'a,b\n1,2\n', 'not a readable .xlsx workbook'],
    ['Annex_A.xlsx', 'x', 'file name not recognised (expected annex-a_<la_code>_<YYYY-MM>.xlsx'],
    ['annex-a_850_2020-13.xlsx', 'x', 'month 2020-13 is not a calendar month'],
    ['annex-a_850_2020-03_2020-01.xlsx', 'x', 'the period ends before it starts'],
    ['annex-a_999_2020-03.xlsx', 'x', 'LA 999 is not in the LA list'],
  ])('%s is rejected whole, nothing written', async (name, content, problem) => {
    const result = await h.load(name, content, { knownLaCodes: new Set(['850']) });
    expect(result.status).toBe('rejected');
    expect(result.message).toContain(`${name}: rejected whole, nothing loaded: `);
    expect(result.message).toContain(problem);
    expect(await h.store.list('')).toEqual([]);
  });
});

test('staff names never reach the warehouse, rejects, manifests or logs, even on rejected rows or rows with nothing else', async () => {
  const names = ['Wendell Quartermaine', 'Petra Ashdown-Vole', 'Ignatius Bellweather'];
  await load('annex-a_850_2020-03.xlsx', [
    {
      name: 'List_3',
      rows: [
        LIST_3_HEADER,
        [31, 'a) Male', '03/03/2020', 'q) 6: Police', 'b) No', 'MASH', names[0]],
        [32, 'a) Male', 'never', 'q) 6: Police', 'b) No', 'MASH', names[0]],
        ['', '', '', '', '', '', names[2]], // nothing but a name: skipped as blank
      ],
    },
    {
      name: 'List_9',
      rows: [
        LIST_9_HEADER,
        // Loaded, so a name that slipped into a column would be in the Parquet file.
        [
          90,
          'a) Male',
          'a) WBRI',
          day('2001-05-06'),
          18,
          'N',
          'NE',
          names[1],
          names[0],
          'a) Relevant child',
          'a) Yes',
          '',
          '',
          '',
          '',
        ],
        [
          91,
          'a) Male',
          'a) WBRI',
          day('1990-05-06'),
          29,
          'N',
          'NE',
          names[0],
          names[1],
          'a) Relevant child',
          'a) Yes',
          '',
          '',
          '',
          '',
        ],
      ],
    },
  ]);
  expect((await h.rows('care_leavers')).map((r) => r.person_id)).toEqual(['90']);
  const texts = await h.texts();
  expect(texts.filter((t) => t.key.startsWith('_rejects/')).length).toBe(2);
  const everything = [...texts.map((t) => t.text), ...h.logs].join('\n');
  expect(everything).toContain('Allocated Worker');
  for (const name of names) expect(everything).not.toContain(name);
});

test('loadPaths lists a workbook per list and month, and skips Excel lock files', async () => {
  const landing = join(h.dir, 'landing');
  await (await import('node:fs/promises')).mkdir(landing);
  const bytes = await xlsxBytes([
    {
      name: 'List_1',
      rows: [LIST_1_HEADER, contact('A', day('2020-02-02')), contact('B', day('2020-03-02'))],
    },
  ]);
  await writeFile(join(landing, 'annex-a_850_2020-03.xlsx'), bytes);
  await writeFile(join(landing, '~$annex-a_850_2020-03.xlsx'), 'lock');
  await writeFile(
    join(landing, 'contacts_921_2020-03.csv'),
    'contact_id,child_id,contact_date\nc,k,2020-03-01\n',
  );
  const progress: string[] = [];
  const results = await loadPaths([landing], h.context(), (r, done, total) =>
    progress.push(`${done}/${total} ${r.file}`),
  );
  expect(progress).toEqual([
    '1/2 annex-a_850_2020-03.xlsx [List_1] 2020-02',
    '1/2 annex-a_850_2020-03.xlsx [List_1] 2020-03',
    '2/2 contacts_921_2020-03.csv',
  ]);
  expect(results.map((r) => r.status)).toEqual(['loaded', 'loaded', 'loaded']);
});
