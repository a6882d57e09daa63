/**
 * The view models' side of disclosure control: the grid that collects a paper's counts and
 * identities, how a withheld figure prints, and which papers get control (--publish, the LA's
 * config, a report's own setting).
 */
import {
  chartWithheldNote,
  DisclosureGrid,
  derive,
  disclosureFor,
  isWithheld,
  noteWithheld,
  plotted,
  Withheld,
} from '../../../functions/core/reports/disclosure/index.js';
import {
  formatChange,
  formatMoreFewer,
  formatMovement,
  formatNumber,
  formatPercent,
  formatPercentRange,
} from '../../../functions/core/reports/format.js';
import { formatCell } from '../../../functions/core/reports/helpers.js';
import {
  loadReportConfig,
  parseReportConfig,
} from '../../../functions/core/reports/report-config.js';
import { tableRow } from '../../../functions/core/reports/report-model.js';

const control = { threshold: 5 };

describe('DisclosureGrid', () => {
  test('off (internal papers): every figure comes back as it is, small ones included', () => {
    const grid = new DisclosureGrid(null);
    const small = grid.count('a', 2);
    const big = grid.count('b', 40);
    grid.sum(grid.count('t', 42), [small, big]);
    const d = grid.solve();
    expect(d.figure(small)).toBe(2);
    expect(d.figure(big)).toBe(40);
    expect(d.rate(4.8, small, big)).toBe(4.8);
  });

  test('a row with its total: the small count and one partner are withheld; the total is not', () => {
    const grid = new DisclosureGrid(control);
    const row = [grid.count('a', 2), grid.count('b', 10), grid.count('c', 12)];
    const total = grid.count('total', 24);
    grid.sum(total, row);
    const d = grid.solve();
    expect(d.figure(row[0]!)).toEqual(new Withheld('small', 5));
    expect(d.figure(row[1]!)).toEqual(new Withheld('derived', 5));
    expect(d.figure(row[2]!)).toBe(12);
    expect(d.figure(total)).toBe(24);
  });

  test('members that fall short of their total (values not recorded) keep an unprinted remainder', () => {
    // 2 + 30 of 40: the 8 not recorded is not printed, but 40 - 30 - 2 = 8 still needs
    // guarding: with the 2 withheld alone a reader gets 2 + 8 = 10, not the 2.
    const grid = new DisclosureGrid(control);
    const a = grid.count('a', 2);
    const b = grid.count('b', 30);
    grid.sum(grid.count('t', 40), [a, b]);
    const d = grid.solve();
    expect(isWithheld(d.figure(a))).toBe(true);
    expect(d.figure(b)).toBe(30);
  });

  test('a printed total of other cells (twelve months) protects and is protected through them', () => {
    const grid = new DisclosureGrid(control);
    const months = [12, 15, 3, 20, 18, 11].map((v, i) => grid.count(`m${i}`, v));
    const year = grid.sumOf('year', months);
    expect(grid.sumOf('year', months)).toBe(year);
    const d = grid.solve();
    expect(d.figure(year)).toBe(79);
    expect(months.map((m) => d.figure(m)).filter(isWithheld)).toHaveLength(2);
  });

  test('a rate is withheld with its numerator or denominator, and when it would reveal a small complement', () => {
    const grid = new DisclosureGrid(control);
    const timely = grid.count('timely', 38);
    const completed = grid.count('completed', 40);
    grid.rate(timely, completed);
    const d = grid.solve();
    expect(isWithheld(d.rate(95, timely, completed))).toBe(true);
    expect(formatPercent(d.rate(95, timely, completed))).toBe('[c]');
  });

  test('a table reader: counts and rates as printed, other columns as they are', () => {
    const grid = new DisclosureGrid(control);
    const rows = [
      { month: '2019-10-01', total: 50, police: 20, other: 30, pct: 40, days: 23 },
      { month: '2019-11-01', total: 50, police: 3, other: 47, pct: 6, days: 21 },
    ];
    const cells = grid.rows('t', rows, (r) => String(r.month), {
      counts: ['total', 'police', 'other'],
      sums: [['total', ['police', 'other']]],
      rates: { pct: { numerator: 'police', denominator: 'total' } },
    });
    const d = grid.solve();
    const read = d.reader(cells);
    expect(read(rows[0], 'police')).toBe(20);
    expect(read(rows[0], 'pct')).toBe(40);
    expect(read(rows[1], 'police')).toEqual(new Withheld('small', 5));
    expect(isWithheld(read(rows[1], 'pct'))).toBe(true);
    expect(read(rows[1], 'days')).toBe(21);
    expect(() => grid.count('late', 3)).toThrow(/after the grid was solved/);
  });

  test('derived figures: withheld when an input is, missing when one is missing', () => {
    const hidden = new Withheld('small', 5);
    expect(derive([10, 4], (a, b) => a - b)).toBe(6);
    expect(derive([10, hidden], (a, b) => a - b)).toEqual(new Withheld('derived', 5));
    expect(derive([10, null], (a, b) => a - b)).toBeNull();
    expect(plotted(hidden)).toBeNull();
    expect(plotted(7)).toBe(7);
  });
});

describe('how withheld figures print', () => {
  const small = new Withheld('small', 5);
  const derived = new Withheld('derived', 5);

  test('counts read "<5" or "[c]"; rates "[c]"; sentences do not say which way a change went', () => {
    expect(formatNumber(small)).toBe('<5');
    expect(formatNumber(new Withheld('small', 10))).toBe('<10');
    expect(formatNumber(derived)).toBe('[c]');
    expect(formatPercent(derived, 0)).toBe('[c]');
    expect(formatPercentRange(derived, 60)).toBe('[c]');
    expect(formatChange(derived, 'fostering households')).toBe(
      'a change in the number of fostering households not published, to protect confidentiality',
    );
    expect(formatMoreFewer(small, 'County carers')).toBe(
      'a change in County carers not published, to protect confidentiality',
    );
    expect(
      formatMovement(derived, 80, { up: 'rose to', down: 'fell to', same: 'remained at' }),
    ).toBe('was');
    expect(formatCell({ value: small, format: 'number' })).toBe('<5');
    expect(formatCell({ value: derived, format: 'percent1' })).toBe('[c]');
  });

  test('a table or chart with withheld figures gets a note; one without does not', () => {
    const table = {
      id: 't',
      caption: 'c',
      groups: [],
      columns: [],
      rows: [tableRow('Police', [12, small], 'number')],
      compact: false,
      note: 'Existing note.',
    };
    expect(noteWithheld(table, control).note).toBe(
      'Existing note. <5: fewer than 5; [c]: withheld so that a small number cannot be worked out.',
    );
    expect(noteWithheld(table, null)).toBe(table);
    const clean = { ...table, rows: [tableRow('Police', [12, 13], 'number')] };
    expect(noteWithheld(clean, control).note).toBe('Existing note.');
    expect(chartWithheldNote([[1, 2], [small]], control)).toMatch(/^Gaps are figures withheld/);
    expect(chartWithheldNote([[1, 2]], control)).toBeNull();
  });
});

describe('which papers are controlled', () => {
  test('off unless --publish or the config says so; a report can opt out, --publish overrides', async () => {
    const raw = JSON.parse(JSON.stringify(await loadReportConfig('850'))) as Record<
      string,
      unknown
    >;
    const plain = parseReportConfig(raw, 'test');
    expect(disclosureFor(plain, 'crt-mash-update')).toBeNull();
    expect(disclosureFor(plain, 'crt-mash-update', true)).toEqual({ threshold: 5 });

    const la = parseReportConfig({ ...raw, disclosureControl: {} }, 'test');
    expect(disclosureFor(la, 'fostering-update')).toEqual({ threshold: 5 });
    const reports = raw.reports as Record<string, Record<string, unknown>>;
    const mixed = parseReportConfig(
      {
        ...raw,
        disclosureControl: { threshold: 6 },
        reports: {
          ...reports,
          'annual-safeguarding': {
            ...reports['annual-safeguarding'],
            disclosureControl: { threshold: 10 },
          },
          'crt-mash-update': { ...reports['crt-mash-update'], disclosureControl: false },
        },
      },
      'test',
    );
    expect(disclosureFor(mixed, 'annual-safeguarding')).toEqual({ threshold: 10 });
    expect(disclosureFor(mixed, 'fostering-update')).toEqual({ threshold: 6 });
    expect(disclosureFor(mixed, 'crt-mash-update')).toBeNull();
    expect(disclosureFor(mixed, 'crt-mash-update', true)).toEqual({ threshold: 6 });
  });

  test('a threshold below 2 or not a whole number is refused, naming the field', async () => {
    const raw = JSON.parse(JSON.stringify(await loadReportConfig('850'))) as Record<
      string,
      unknown
    >;
    expect(() =>
      parseReportConfig({ ...raw, disclosureControl: { threshold: 1 } }, 'x.json'),
    ).toThrow(/disclosureControl\.threshold/);
    expect(() =>
      parseReportConfig({ ...raw, disclosureControl: { threshold: 4.5 } }, 'x.json'),
    ).toThrow(/disclosureControl\.threshold/);
  });
});
