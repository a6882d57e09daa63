import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { annexAMapping } from '../../../functions/core/extracts/index.js';
import type { LoadResult } from '../../../functions/core/load/index.js';
import { columnValues, Harness, SAMPLES } from '../../fixtures/annex-a/annex-a-harness.js';
import { runCli } from '../../helpers/cli.js';

// The four Annex A workbooks in test/fixtures/annex-a, written by others, loaded as delivered
// (renamed to the annex-a_<la>_<YYYY-MM>.xlsx convention): what loads, what is rejected and why.

const LIIA = 'liia-tools_Annex_A.xlsx';
const PIPELINE = 'liia-tools-pipeline_Annex_A_2024_Jan.xlsx';
const TEMPLATE = 'ofsted-template-2019_example-B-2004.xlsx';
const SFDATA = 'sfdata_2016-01-sample.xlsx';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(() => h.remove());

/** `deliveries` of a workbook result as `file extract month status read/loaded/rejected`. */
const lines = (result: LoadResult) =>
  (result.deliveries ?? []).map(
    (d) => `${d.file} ${d.extract} ${d.status} ${d.rows_read}/${d.rows_loaded}/${d.rows_rejected}`,
  );

function expectRowsAddUp(result: LoadResult): void {
  for (const d of [result, ...(result.deliveries ?? [])]) {
    expect(d.rows_read).toBe(d.rows_loaded + d.rows_rejected);
  }
}

describe('liia-tools Annex A (Excel dates, Female without prefix, header Age)', () => {
  test('named for the 12 months to March 2021: lists 1, 3, 5 load; List 4 and two care leavers are rejected with reasons', async () => {
    const result = await h.loadSample(LIIA, 'annex-a_850_2021-03.xlsx');
    const file = 'annex-a_850_2021-03.xlsx';
    expect(lines(result)).toEqual([
      `${file} [List 1] 2020-09 contacts loaded 5/5/0`,
      `${file} [List 3] 2020-09 referrals loaded 6/6/0`,
      `${file} [List 4] 2020-11 assessments not_replaced 1/0/1`,
      `${file} [List 4] 2021-01 assessments not_replaced 1/0/1`,
      `${file} [List 4] 2021-02 assessments not_replaced 3/0/3`,
      `${file} [List 5] 2020-09 s47_enquiries loaded 5/5/0`,
      `${file} [List 9] 2021-03 care_leavers loaded 6/4/2`,
    ]);
    expect(result).toMatchObject({
      status: 'loaded',
      la_code: '850',
      month: '2021-03',
      rows_read: 27,
      rows_loaded: 20,
      rows_rejected: 7,
      months_replaced: ['2020-09', '2021-03'],
    });
    expectRowsAddUp(result);

    const contacts = await h.rows('contacts');
    expect(contacts.map((r) => [r.child_id, r.source, r.gender, r.date_of_birth])).toEqual([
      ['11973218', '6', 'female', null], // "q) 6: Police", "b) Female", no date of birth
      ['13981739', '9', 'female', '2005-04-17'], // "t) 9: Anonymous"
      ['16248829', '6', 'male', '2006-05-17'],
      ['6217392', '1B', 'male', '2009-08-02'], // "b) 1B: Individual"
      ['9212044', '6', 'female', '2015-01-25'], // "Female" without its b) prefix
    ]);
    expect(contacts.every((r) => r.contact_date === '2020-09-16' && r.month === '2020-09')).toBe(
      true,
    );
    expect(contacts.every((r) => r.outcome === null && r.case_status === null)).toBe(true);
    expect(contacts.map((r) => r.contact_id)).toContain('9212044_2020-09-16');
    const list1 = result.deliveries![0]!;
    expect(list1.columns_not_recorded).toEqual(['case_status', 'outcome']);
    expect(list1.columns_dropped).toEqual(['Ethnicity', 'Age']);

    expect((await h.rows('referrals')).map((r) => r.source).sort()).toEqual([
      '2A',
      '3D',
      '6',
      '6',
      '6',
      '8',
    ]);
    const s47 = await h.rows('s47_enquiries');
    expect(s47.map((r) => [r.child_id, r.icpc_not_required, r.icpc_date])).toEqual([
      ['10273003', true, null],
      ['11578763', false, '2020-10-01'],
      ['11641472', false, '2020-10-05'],
      ['4073694', true, null],
      ['6537810', false, '2020-10-05'],
    ]);

    // List 4's outcome column holds free text, not the template's Yes/No: every row rejected,
    // so no assessments month is replaced.
    expect(await h.rows('assessments')).toEqual([]);
    const list4 = result.deliveries!.filter((d) => d.extract === 'assessments');
    const assessmentRejects = (await Promise.all(list4.map((d) => h.rejects(d)))).flat();
    expect(assessmentRejects.map((r) => `${r[1]} ${r[2]} ${r[4]}`).sort()).toEqual(
      [2, 3, 4, 5, 6].map((row) => `${row} outcome CS Assessment Updated`),
    );

    const leavers = await h.rows('care_leavers');
    expect(leavers.map((r) => [r.person_id, r.activity, r.accommodation, r.eligibility])).toEqual([
      ['10414520', 'F2', 'U1', 'former_relevant'], // "U: Independent living" + "a) Suitable"
      ['13782635', 'G5', 'Y1', 'former_relevant'],
      ['4939073', null, null, 'former_relevant'], // in touch, activity and accommodation blank
      ['7961370', 'F1', 'Y1', 'former_relevant'],
    ]);
    expect(leavers.every((r) => r.in_touch === 'YES' && r.team === 'Care Leavers Team')).toBe(true);
    // F3 ("Full time in training or employment", the template's pre-2016 code) is not an ACTIV
    // code the SPEC accepts: those two care leavers are rejected, with the reason and value.
    const list9 = result.deliveries!.find((d) => d.extract === 'care_leavers')!;
    expect((await h.rejects(list9)).map((r) => [r[1], r[2], r[4]])).toEqual([
      ['6', 'activity', 'F3'],
      ['7', 'activity', 'F3'],
    ]);
    expect(list9.columns_not_recorded).toEqual([
      'uasc',
      'staying_put',
      'health_passport',
      'higher_education',
      'last_contact_date',
    ]);
  });

  test('re-loading the same workbook writes the same bytes and replaces nothing else', async () => {
    await h.loadSample(LIIA, 'annex-a_850_2021-03.xlsx');
    const before = await Promise.all(
      (await h.store.list('')).map(async (o) => [o.key, await h.store.get(o.key)] as const),
    );
    await h.loadSample(LIIA, 'annex-a_850_2021-03.xlsx');
    const after = await h.store.list('');
    expect(after.map((o) => o.key)).toEqual(before.map(([key]) => key));
    for (const [key, bytes] of before) {
      if (key.startsWith('_loads/')) continue; // loaded_at differs
      expect(await h.store.get(key)).toEqual(bytes);
    }
  });
});

describe('liia-tools-pipeline Annex A, January 2024 (newer List 9)', () => {
  test('named January 2024: List 9 loads as the January snapshot; the 2020 events fall outside the period and are rejected', async () => {
    const result = await h.loadSample(PIPELINE, 'annex-a_850_2024-01.xlsx');
    const file = 'annex-a_850_2024-01.xlsx';
    expect(lines(result)).toEqual([
      `${file} [List 1] 2024-01 contacts not_replaced 5/0/5`,
      `${file} [List 3] 2024-01 referrals not_replaced 6/0/6`,
      `${file} [List 4] 2024-01 assessments not_replaced 5/0/5`,
      `${file} [List 5] 2024-01 s47_enquiries not_replaced 5/0/5`,
      `${file} [List 9] 2024-01 care_leavers loaded 6/4/2`,
    ]);
    expectRowsAddUp(result);
    expect(result.months_replaced).toEqual(['2024-01']);
    const contactRejects = await h.rejects(result.deliveries![0]!);
    expect(new Set(contactRejects.map((r) => `${r[2]}: ${r[3]}`))).toEqual(
      new Set(['contact_date: date: outside the delivery month']),
    );
    for (const table of ['contacts', 'referrals', 'assessments', 's47_enquiries']) {
      expect(await h.rows(table)).toEqual([]);
    }
    const list9 = result.deliveries![4]!;
    expect(list9.columns_dropped).toEqual([
      'Age',
      'Does the Child have a Disability',
      'Allocated Worker',
      'Allocated Personal Advisor',
      'Latest Pathway Plan Review Date',
    ]);
    expect(list9.columns_not_recorded).toEqual([
      'staying_put',
      'health_passport',
      'higher_education',
    ]);
    const leavers = await h.rows('care_leavers');
    expect(
      leavers.map((r) => `${r.person_id} ${r.month} ${r.uasc} ${r.last_contact_date}`),
    ).toEqual([
      '10414520 2024-01 null null',
      '13782635 2024-01 null null',
      '4939073 2024-01 null null',
      '7961370 2024-01 null null',
    ]);
  });

  test('named for its real period (April 2020 to March 2021) its events load by month', async () => {
    const result = await h.loadSample(PIPELINE, 'annex-a_850_2020-04_2021-03.xlsx');
    expect(result.months_replaced).toEqual(['2020-09', '2021-03']);
    expect((await h.rows('contacts')).length).toBe(5);
    expect((await h.rows('referrals')).length).toBe(6);
    expect((await h.rows('s47_enquiries')).length).toBe(5);
    expect((await h.rows('care_leavers')).map((r) => r.month)).toEqual(Array(4).fill('2021-03'));
    expectRowsAddUp(result);
  });
});

describe('Ofsted template, August 2019 (title rows, List_1 sheet names, POLICE)', () => {
  test('its one contact loads under the title row; the empty lists change nothing', async () => {
    const result = await h.loadSample(TEMPLATE, 'annex-a_850_2010-01.xlsx');
    expect(lines(result)).toEqual([
      'annex-a_850_2010-01.xlsx [List_1] 2010-01 contacts loaded 1/1/0',
    ]);
    expect(await h.rows('contacts')).toEqual([
      {
        contact_id: '1001_2010-01-01',
        child_id: '1001',
        contact_date: '2010-01-01',
        source: '6', // "POLICE"
        case_status: null,
        outcome: null,
        gender: 'male',
        date_of_birth: '2000-01-01',
        la_code: '850',
        month: '2010-01',
      },
    ]);
    expect(result.deliveries![0]!.columns_dropped).toEqual(['Ethnicity', 'Age of Child (Years)']);
  });

  test('rejects name the sheet row as Excel shows it, title row counted', async () => {
    const result = await h.loadSample(TEMPLATE, 'annex-a_850_2009-12.xlsx');
    expect(result.status).toBe('not_replaced');
    expect(await h.rejects(result.deliveries![0]!)).toEqual([
      [
        'annex-a_850_2009-12.xlsx [List_1] 2009-12',
        '3',
        'contact_date',
        'date: outside the delivery month',
        '2010-01-01',
      ],
    ]);
  });

  test('panelpack load reads it from a landing folder', async () => {
    const landing = join(h.dir, 'landing');
    await (await import('node:fs/promises')).mkdir(landing);
    await writeFile(
      join(landing, 'annex-a_850_2010-01.xlsx'),
      await readFile(join(SAMPLES, TEMPLATE)),
    );
    const warehouse = join(h.dir, 'cli-warehouse');
    const run = await runCli(['load', landing, '--warehouse', warehouse], { cwd: h.dir });
    expect(run.stderr).toContain('1 rows loaded, 0 rejected');
    expect(run.stdout).toContain('annex-a_850_2010-01.xlsx [List_1] 2010-01: 1 read');
    expect(run.code).toBe(0);
  });
});

describe('sfdata 2016-01 sample (a List 3 sheet among List_n sheets; every list empty)', () => {
  test('a workbook whose lists are all empty is rejected whole and writes nothing', async () => {
    const result = await h.loadSample(SFDATA, 'annex-a_850_2016-01.xlsx');
    expect(result.status).toBe('rejected');
    expect(result.message).toContain('Lists 1, 3, 4, 5 and 9 have no rows');
    expect(await h.store.list('')).toEqual([]);
  });

  test('rows added under its headers load: sheet "List 3", header "LA In Touch " with its trailing space', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(SAMPLES, SFDATA));
    workbook
      .getWorksheet('List 3')!
      .addRow([
        5001,
        'b) Female',
        'a) WBRI',
        new Date(Date.UTC(2010, 0, 1)),
        6,
        new Date(Date.UTC(2016, 0, 4)),
        'e) 2A: Schools',
        'b) No',
        0,
        'MASH',
        'Zebedee Quill',
      ]);
    workbook
      .getWorksheet('List_9')!
      .addRow([
        7001,
        'a) Male',
        'a) WBRI',
        new Date(Date.UTC(1997, 5, 1)),
        18,
        'b) No',
        'Care Leavers Team',
        'Ozymandias Flint',
        'c) Qualifying care leaver',
        'a) Yes',
        'D: Semi-independent, transitional accommodation and self-contained accommodation',
        'b) Unsuitable',
        'G6: Not in education, employment or training - pregnancy or parenting',
      ]);
    const path = join(h.dir, 'edited.xlsx');
    await workbook.xlsx.writeFile(path);
    const result = await h.load('annex-a_850_2016-01.xlsx', await readFile(path));
    expect(lines(result)).toEqual([
      'annex-a_850_2016-01.xlsx [List 3] 2016-01 referrals loaded 1/1/0',
      'annex-a_850_2016-01.xlsx [List_9] 2016-01 care_leavers loaded 1/1/0',
    ]);
    expect((await h.rows('referrals')).map((r) => `${r.referral_id} ${r.source}`)).toEqual([
      '5001_2016-01-04 2A',
    ]);
    expect(await h.rows('care_leavers')).toMatchObject([
      {
        person_id: '7001',
        eligibility: 'qualifying',
        in_touch: 'YES',
        accommodation: 'D2',
        activity: 'G6',
        ethnicity: 'WBRI',
      },
    ]);
    const texts = (await h.texts()).map((t) => t.text).join('\n');
    expect(texts).not.toContain('Zebedee');
    expect(texts).not.toContain('Ozymandias');
  });
});

test('no staff name from any sample reaches the warehouse, the rejects, the manifests or the logs', async () => {
  const names = (
    await Promise.all(
      [LIIA, PIPELINE, TEMPLATE, SFDATA].map((s) =>
        columnValues(join(SAMPLES, s), annexAMapping.personalNameHeaders),
      ),
    )
  ).flat();
  // The samples' Allocated Worker columns hold made-up names: enough to make the check bite.
  expect(new Set(names).size).toBeGreaterThan(15);
  expect(names).toContain('Aayan Wormald'); // on a List 9 row that is rejected (F3)
  await h.loadSample(LIIA, 'annex-a_850_2021-03.xlsx');
  await h.loadSample(PIPELINE, 'annex-a_921_2024-01.xlsx');
  await h.loadSample(PIPELINE, 'annex-a_921_2020-04_2021-03.xlsx');
  await h.loadSample(TEMPLATE, 'annex-a_850_2010-01.xlsx');
  await h.loadSample(SFDATA, 'annex-a_850_2016-01.xlsx');
  const texts = await h.texts();
  expect(texts.some((t) => t.key.startsWith('_rejects/'))).toBe(true);
  expect(texts.some((t) => t.key.endsWith('.parquet'))).toBe(true);
  const everything = [...texts.map((t) => t.text), ...h.logs].join('\n');
  for (const name of new Set(names)) expect(everything).not.toContain(name);
  // The header is listed as dropped, so an analyst can see the column was there.
  expect(everything).toContain('Allocated Worker');
});
