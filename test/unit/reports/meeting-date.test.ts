import { chooseMeetingDate } from '../../../functions/core/reports/meeting-date.js';
import { loadReportConfig } from '../../../functions/core/reports/report-config.js';

describe('choosing the meeting a report goes to', () => {
  test('the seeds: November 2019 figures go to the panel of Tuesday 4 February 2020', async () => {
    const config = await loadReportConfig('850');
    const panel = config.committees['children-and-families-advisory-panel']!;
    expect(chooseMeetingDate(panel, '2019-11')).toBe('2020-02-04');
    // December 2022 figures go to the Corporate Parenting Board of 28 March 2023 (seed 003).
    expect(chooseMeetingDate(config.committees['corporate-parenting-board']!, '2022-12')).toBe(
      '2023-03-28',
    );
  });

  test('lead days keep a meeting too close to the month end out', () => {
    const committee = {
      name: 'Cabinet',
      headerLabel: 'Decision Maker' as const,
      place: 'Room',
      meetings: {
        dates: ['2021-12-07', '2021-12-20', '2022-01-11'],
        time: '2.00 pm',
        leadDays: 21,
      },
    };
    // 30 November + 21 days = 21 December: the 20 December meeting is too soon.
    expect(chooseMeetingDate(committee, '2021-11')).toBe('2022-01-11');
    expect(
      chooseMeetingDate(
        { ...committee, meetings: { ...committee.meetings, leadDays: 0 } },
        '2021-11',
      ),
    ).toBe('2021-12-07');
  });

  test('"last" weekday rules and a clear message when nothing is late enough', () => {
    const committee = {
      name: 'Corporate Parenting Board',
      headerLabel: 'Committee' as const,
      place: 'Room',
      meetings: {
        dates: [],
        rule: { weekday: 'Wednesday' as const, occurrence: 'last' as const, months: [1, 4, 7, 10] },
        time: '10.00 am',
        leadDays: 21,
      },
    };
    expect(chooseMeetingDate(committee, '2019-11')).toBe('2020-01-29');
    const fixed = {
      ...committee,
      meetings: { dates: ['2019-01-01'], time: '10.00 am', leadDays: 21 },
    };
    expect(() => chooseMeetingDate(fixed, '2019-11')).toThrow(
      /no Corporate Parenting Board meeting on or after 2019-12-21/,
    );
  });
});
