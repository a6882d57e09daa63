import { insertSnapshot, pct, reportFixture, runReport } from './fixtures.js';

function youngPeople(staying: (boolean | null)[]) {
  return staying.map((s, i) => ({
    person_id: `p${i}`,
    date_of_birth: '2003-04-04',
    staying_put: s,
  }));
}

describe('care_leavers_staying_put', () => {
  test('December snapshots only; the latest month when December is missing', async () => {
    const connection = await reportFixture();
    await insertSnapshot(
      connection,
      'care_leavers',
      '850',
      '2021-11',
      youngPeople([true, true, true, false]),
    );
    await insertSnapshot(
      connection,
      'care_leavers',
      '850',
      '2021-12',
      youngPeople([true, true, false, null, false]),
    );
    await insertSnapshot(
      connection,
      'care_leavers',
      '850',
      '2022-06',
      youngPeople([true, true, true, true]),
    );
    await insertSnapshot(
      connection,
      'care_leavers',
      '850',
      '2022-11',
      youngPeople([true, false, true]),
    );
    await insertSnapshot(connection, 'care_leavers', '850', '2023-01', youngPeople([true]));
    // after the build month, and another LA
    await insertSnapshot(connection, 'care_leavers', '850', '2023-12', youngPeople([true, true]));
    await insertSnapshot(
      connection,
      'care_leavers',
      '921',
      '2021-12',
      youngPeople([true, true, true]),
    );

    const rows = await runReport(connection, 'care_leavers_staying_put', '850', '2023-01', [
      'year',
    ]);
    expect(rows).toEqual([
      {
        la_code: '850',
        as_of: '2023-01',
        year: 2021,
        staying_put_december: 2, // blank staying_put is not staying put
        young_people_december: 5,
        latest_month: '2021-12-01',
        staying_put_latest: 2,
      },
      {
        la_code: '850',
        as_of: '2023-01',
        year: 2022,
        staying_put_december: null, // no December 2022 delivery
        young_people_december: null,
        latest_month: '2022-11-01',
        staying_put_latest: 2,
      },
      {
        la_code: '850',
        as_of: '2023-01',
        year: 2023,
        staying_put_december: null,
        young_people_december: null,
        latest_month: '2023-01-01',
        staying_put_latest: 1,
      },
    ]);
  });
});

describe('care_leavers_health_passport', () => {
  test('every status each month, blank as unknown, shares of all and of those 18+', async () => {
    const connection = await reportFixture();
    const statuses: (string | null)[] = [
      'received',
      'received',
      'received',
      'accepted',
      'declined',
      'declined',
      'not_offered',
      null,
      null,
      '',
    ];
    // p0-p6 are over 18; p7-p9 are 17 at 31 December 2022
    await insertSnapshot(
      connection,
      'care_leavers',
      '850',
      '2022-12',
      statuses.map((status, i) => ({
        person_id: `p${i}`,
        date_of_birth: i < 7 ? '2001-01-01' : '2005-03-03',
        health_passport: status,
      })),
    );
    // Born 29 February 2004: 17 on 28 February 2022, 18 from 1 March.
    const leapling = { person_id: 'L', date_of_birth: '2004-02-29', health_passport: 'accepted' };
    await insertSnapshot(connection, 'care_leavers', '850', '2022-02', [leapling]);
    await insertSnapshot(connection, 'care_leavers', '850', '2022-03', [leapling]);
    await insertSnapshot(connection, 'care_leavers', '850', '2023-01', [leapling]); // after as_of

    const rows = await runReport(connection, 'care_leavers_health_passport', '850', '2022-12', [
      'month',
      'status_order',
    ]);
    const order = ['received', 'accepted', 'declined', 'not_offered', 'unknown'];
    const month = (date: string, counts: Record<string, [number, number]>) =>
      order.map((status, i) => {
        const [all, adults] = counts[status] ?? [0, 0];
        const total = Object.values(counts).reduce((n, [a]) => n + a, 0);
        const totalAdults = Object.values(counts).reduce((n, [, b]) => n + b, 0);
        return {
          la_code: '850',
          as_of: '2022-12',
          month: date,
          status,
          status_order: i + 1,
          young_people: all,
          pct: pct(all, total),
          young_people_18_plus: adults,
          pct_18_plus: pct(adults, totalAdults),
        };
      });
    expect(rows).toEqual([
      ...month('2022-02-01', { accepted: [1, 0] }),
      ...month('2022-03-01', { accepted: [1, 1] }),
      ...month('2022-12-01', {
        received: [3, 3],
        accepted: [1, 1],
        declined: [2, 2],
        not_offered: [1, 1],
        unknown: [3, 0],
      }),
    ]);
    // spot-check the arithmetic the helper does: 3 of 10 received, 3 of 7 adults
    expect(rows.find((r) => r.month === '2022-12-01' && r.status === 'received')).toMatchObject({
      pct: 30,
      pct_18_plus: (100 * 3) / 7,
    });
    expect(
      rows.find((r) => r.month === '2022-02-01' && r.status === 'accepted')!.pct_18_plus,
    ).toBeNull();
  });
});
