import type { DuckDBConnection } from '@duckdb/node-api';
import { ETHNICITY } from '../../../functions/core/extracts/index.js';
import { insertSnapshot, monthsBetween, reportFixture, runReport } from './fixtures.js';

/** SPEC section 4's ethnic groups, written out code by code. */
const ETHNIC_GROUP: Record<string, string> = {
  WBRI: 'White',
  WIRI: 'White',
  WOTH: 'White',
  WIRT: 'White',
  WROM: 'White',
  MWBC: 'Mixed',
  MWBA: 'Mixed',
  MWAS: 'Mixed',
  MOTH: 'Mixed',
  AIND: 'Asian or Asian British',
  APKN: 'Asian or Asian British',
  ABAN: 'Asian or Asian British',
  AOTH: 'Asian or Asian British',
  BCRB: 'Black or Black British',
  BAFR: 'Black or Black British',
  BOTH: 'Black or Black British',
  CHNE: 'Other ethnic group',
  OOTH: 'Other ethnic group',
  REFU: 'Other ethnic group',
  NOBT: 'Other ethnic group',
};

const CATEGORIES: Record<string, string[]> = {
  gender: ['male', 'female', 'other', 'not_recorded'],
  ethnic_group: [
    'White',
    'Mixed',
    'Asian or Asian British',
    'Black or Black British',
    'Other ethnic group',
    'not_recorded',
  ],
  eligibility: ['eligible', 'relevant', 'former_relevant', 'qualifying', 'not_recorded'],
};

describe('care_leavers_profile', () => {
  test('every ethnicity code maps to its group', async () => {
    expect(Object.keys(ETHNIC_GROUP).sort()).toEqual([...ETHNICITY].sort());
    const connection = await reportFixture();
    // one young person a month, each with the next code
    const months = monthsBetween('2021-01', '2022-08');
    for (const [i, code] of ETHNICITY.entries()) {
      await insertSnapshot(connection, 'care_leavers', '850', months[i]!, [
        { person_id: `p${i}`, date_of_birth: '2003-05-05', ethnicity: code },
      ]);
    }
    const rows = await runReport(connection, 'care_leavers_profile', '850', '2022-08', ['month']);
    for (const [i, code] of ETHNICITY.entries()) {
      const month = `${months[i]}-01`;
      const groups = rows.filter(
        (r) => r.month === month && r.dimension === 'ethnic_group' && r.young_people === 1,
      );
      expect({ code, groups: groups.map((g) => g.category) }).toEqual({
        code,
        groups: [ETHNIC_GROUP[code]],
      });
    }
  });

  describe('one month, every dimension', () => {
    let connection: DuckDBConnection;
    beforeAll(async () => {
      connection = await reportFixture();
      // Ages at 31 December 2022: 2004-12-31 turns 18 that day; 2005-01-01 is still 17.
      await insertSnapshot(connection, 'care_leavers', '850', '2022-12', [
        {
          person_id: 'a',
          date_of_birth: '2004-12-31',
          gender: 'male',
          ethnicity: 'WBRI',
          eligibility: 'former_relevant',
        },
        {
          person_id: 'b',
          date_of_birth: '2005-01-01',
          gender: 'male',
          ethnicity: 'WROM',
          eligibility: 'eligible',
        },
        {
          person_id: 'c',
          date_of_birth: '2001-03-03',
          gender: 'male',
          ethnicity: 'BAFR',
          eligibility: 'former_relevant',
        },
        {
          person_id: 'd',
          date_of_birth: '2000-07-07',
          gender: 'female',
          ethnicity: 'MWAS',
          eligibility: 'former_relevant',
        },
        {
          person_id: 'e',
          date_of_birth: '2006-02-02',
          gender: 'female',
          ethnicity: 'CHNE',
          eligibility: 'relevant',
        },
        {
          person_id: 'f',
          date_of_birth: '1999-09-09',
          gender: 'other',
          ethnicity: 'AOTH',
          eligibility: 'qualifying',
        },
        {
          person_id: 'g',
          date_of_birth: '1998-01-15',
          gender: null,
          ethnicity: null,
          eligibility: null,
        },
      ]);
      // the month before and the month after the build are separate; another LA is ignored
      await insertSnapshot(connection, 'care_leavers', '850', '2022-11', [
        {
          person_id: 'a',
          date_of_birth: '2004-12-31',
          gender: 'male',
          ethnicity: 'WBRI',
          eligibility: 'former_relevant',
        },
      ]);
      await insertSnapshot(connection, 'care_leavers', '850', '2023-01', [
        {
          person_id: 'a',
          date_of_birth: '2004-12-31',
          gender: 'male',
          ethnicity: 'WBRI',
          eligibility: 'former_relevant',
        },
      ]);
      await insertSnapshot(connection, 'care_leavers', '921', '2022-12', [
        {
          person_id: 'a',
          date_of_birth: '2002-12-31',
          gender: 'female',
          ethnicity: 'WBRI',
          eligibility: 'qualifying',
        },
      ]);
    });

    test('counts all young people and those 18+, with every category present', async () => {
      const rows = await runReport(connection, 'care_leavers_profile', '850', '2022-12', [
        'month',
        'dimension',
        'category_order',
      ]);
      // [all ages, 18+] worked out from the fixture: b and e are 17 or younger
      const december: Record<string, [number, number]> = {
        'gender male': [3, 2],
        'gender female': [2, 1],
        'gender other': [1, 1],
        'gender not_recorded': [1, 1],
        'ethnic_group White': [2, 1],
        'ethnic_group Mixed': [1, 1],
        'ethnic_group Asian or Asian British': [1, 1],
        'ethnic_group Black or Black British': [1, 1],
        'ethnic_group Other ethnic group': [1, 0],
        'ethnic_group not_recorded': [1, 1],
        'eligibility eligible': [1, 0],
        'eligibility relevant': [1, 0],
        'eligibility former_relevant': [3, 3],
        'eligibility qualifying': [1, 1],
        'eligibility not_recorded': [1, 1],
      };
      const november: Record<string, [number, number]> = {
        'gender male': [1, 0],
        'ethnic_group White': [1, 0],
        'eligibility former_relevant': [1, 0],
      };
      const expected = [];
      for (const [month, counts] of [
        ['2022-11-01', november],
        ['2022-12-01', december],
      ] as const) {
        for (const dimension of ['eligibility', 'ethnic_group', 'gender']) {
          for (const [i, category] of CATEGORIES[dimension]!.entries()) {
            const [all, adults] = counts[`${dimension} ${category}`] ?? [0, 0];
            expected.push({
              la_code: '850',
              as_of: '2022-12',
              month,
              dimension,
              category,
              category_order: i + 1,
              young_people: all,
              young_people_18_plus: adults,
            });
          }
        }
      }
      expect(rows).toEqual(expected);
    });
  });
});
