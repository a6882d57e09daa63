import { chartModel } from '../../../functions/core/reports/chart-model.js';

describe('chart geometry', () => {
  const chart = chartModel({
    id: 'chart-test',
    title: 'Contacts',
    description: 'Contacts each month',
    categories: ['Jan', 'Feb', 'Mar', 'Apr'],
    bars: [{ name: 'Contacts', values: [7100, 8866, null, 6572] }],
    lines: [{ name: '3-month moving average', values: [null, null, 7900, 7700] }],
  });

  test('bars stand on the axis inside the plot, with a nice axis above the largest value', () => {
    expect(chart.bars).toHaveLength(3);
    for (const bar of chart.bars) {
      expect(bar.y + bar.height).toBeCloseTo(chart.plot.bottom, 1);
      expect(bar.y).toBeGreaterThanOrEqual(chart.plot.y);
      expect(bar.x).toBeGreaterThanOrEqual(chart.plot.x);
      expect(bar.x + bar.width).toBeLessThanOrEqual(chart.plot.right);
    }
    expect(chart.yTicks.map((t) => t.label)).toEqual([
      '0',
      '2,000',
      '4,000',
      '6,000',
      '8,000',
      '10,000',
    ]);
    // The tallest bar is the largest value: 8,866 of 10,000.
    const tallest = Math.max(...chart.bars.map((b) => b.height));
    expect(tallest / (chart.plot.bottom - chart.plot.y)).toBeCloseTo(0.8866, 2);
  });

  test('lines skip missing values and the legend names every series', () => {
    expect(chart.lines[0]!.d).toMatch(/^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/);
    expect(chart.legend.map((l) => [l.label, l.isLine])).toEqual([
      ['Contacts', false],
      ['3-month moving average', true],
    ]);
  });

  test('percent charts stop at 100% and stacked bars add up', () => {
    const pct = chartModel({
      id: 'p',
      title: 't',
      description: 'd',
      categories: ['18', '19'],
      bars: [{ name: '2022', values: [96, 40] }],
      percent: true,
    });
    expect(pct.yTicks.at(-1)!.label).toBe('100%');
    const stacked = chartModel({
      id: 's',
      title: 't',
      description: 'd',
      categories: ['Nov 19'],
      bars: [
        { name: 'County', values: [300] },
        { name: 'Connected', values: [100] },
      ],
      stacked: true,
    });
    const [county, connected] = stacked.bars;
    expect(connected!.y + connected!.height).toBeCloseTo(county!.y, 1);
    expect(stacked.yTicks.at(-1)!.label).toBe('400');
  });
});
