import {
  formatChange,
  formatHigherLower,
  formatLongDate,
  formatMeetingDateTime,
  formatMonthYear,
  formatMoreFewer,
  formatMovement,
  formatNumber,
  formatPercent,
  formatPercentRange,
  formatShortMonth,
  MISSING,
  ordinal,
} from '../../../functions/core/reports/format.js';

describe('figures as the papers print them', () => {
  test('counts have en-GB thousands separators and no stray minus zero', () => {
    expect(formatNumber(126153)).toBe('126,153');
    expect(formatNumber(7000)).toBe('7,000');
    expect(formatNumber(8.04, 1)).toBe('8.0');
    expect(formatNumber(-0.01, 1)).toBe('0.0');
    expect(formatNumber(null)).toBe(MISSING);
    expect(formatNumber(Number.NaN)).toBe(MISSING);
  });

  test('rates in percent units round only when printed', () => {
    expect(formatPercent(82.46)).toBe('82.5%');
    expect(formatPercent(82.46, 0)).toBe('82%');
    expect(formatPercent(11.3912, 2)).toBe('11.39%');
    expect(formatPercent(null, 0)).toBe(MISSING);
    expect(formatPercentRange(61.2, 72.4)).toBe('61-72%');
    expect(formatPercentRange(50, 50.2)).toBe('50%');
  });

  test('dates read like the header blocks and the notice of meeting', () => {
    expect(formatLongDate('2020-02-04')).toBe('4 February 2020');
    expect(formatMonthYear('2019-11-01')).toBe('November 2019');
    expect(formatMonthYear('2019-11')).toBe('November 2019');
    expect(formatShortMonth('2019-11-01')).toBe('Nov');
    expect(formatMeetingDateTime('2020-02-04', '1.30 pm')).toBe(
      'Tuesday, 4th February, 2020 at 1.30 pm',
    );
    expect(formatMeetingDateTime('2023-03-28', '10.00 am')).toBe(
      'Tuesday, 28th March, 2023 at 10.00 am',
    );
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].map(ordinal).join(' ')).toBe(
      '1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 31st',
    );
    expect(() => formatLongDate('04/02/2020')).toThrow('not an ISO date');
  });

  test('changes are worded, not signed', () => {
    expect(formatChange(-42, 'fostering households')).toBe('a decrease of 42 fostering households');
    expect(formatChange(1200, 'contacts')).toBe('an increase of 1,200 contacts');
    expect(formatChange(0, 'carers')).toBe('no change in the number of carers');
    expect(formatMoreFewer(-28, 'County carers')).toBe('28 fewer County carers');
    expect(formatMoreFewer(2, 'specialist respite carers')).toBe(
      '2 more specialist respite carers',
    );
    expect(formatHigherLower(7.6)).toBe('7.6% higher');
    expect(formatHigherLower(-3)).toBe('3.0% lower');
    expect(formatHigherLower(0.01)).toBe('the same as');
    const words = { up: 'improved to', down: 'fell to', same: 'remained at' };
    expect(formatMovement(82.5, 57, words)).toBe('improved to');
    expect(formatMovement(50.01, 50.04, words)).toBe('remained at');
    expect(formatMovement(40, 57, words)).toBe('fell to');
  });
});
