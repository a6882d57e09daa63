/**
 * Every report rendered by a real Chrome from a fixture warehouse, for Hampshire and for the
 * Isle of Wight, and read back from the PDF: header block, section headings, bookmarks,
 * accessibility properties, and the figures of tables and narrative, which must equal the
 * report-table values queried here and formatted by the same functions the templates use.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBEngine } from '../../functions/core/engine/duckdb-engine.js';
import type { SqlValue } from '../../functions/core/engine/query-engine.js';
import {
  formatChange,
  formatLongDate,
  formatMonthYear,
  formatMoreFewer,
  formatNumber,
  formatPercent,
  formatPercentRange,
} from '../../functions/core/reports/format.js';
import {
  loadReportConfig,
  openBrowser,
  type RenderedReport,
  type ReportBrowser,
  type ReportConfig,
  renderReports,
  withBrowser,
} from '../../functions/core/reports/index.js';
import { LocalStore } from '../../functions/core/store/local-store.js';
import { openFixtureEngine } from '../fixtures/report-tables.js';
import { bookmarkTitles, type PdfContents, plain, readPdf } from '../helpers/pdf-read.js';
import { tempDir } from '../helpers/temp-dir.js';

const AS_OF = '2019-11';
const LAS = ['850', '921'] as const;

let dir: { path: string; remove: () => Promise<void> };
let fixture: { engine: DuckDBEngine; close: () => Promise<void> };
let browser: ReportBrowser;
const rendered = new Map<string, RenderedReport>();
const pdfs = new Map<string, PdfContents>();
const configs = new Map<string, ReportConfig>();

beforeAll(async () => {
  dir = await tempDir('panelpack-render-');
  fixture = await openFixtureEngine(join(dir.path, 'warehouse'), [
    { las: [...LAS], from: '2014-04', asOf: AS_OF },
  ]);
  browser = await openBrowser();
  const output = new LocalStore(join(dir.path, 'out'));
  for (const la of LAS) {
    configs.set(la, await loadReportConfig(la));
    for (const report of await renderReports({
      engine: fixture.engine,
      laCode: la,
      asOf: AS_OF,
      output,
      browser,
    })) {
      const key = `${la}/${report.reportId}`;
      rendered.set(key, report);
      pdfs.set(key, await readPdf(await readFile(join(dir.path, 'out', report.pdfKey))));
    }
  }
});

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
  await dir?.remove();
});

/** Rows of a report table for the LA and month, queried directly (not through a view model). */
async function rows(
  sql: string,
  la: string,
  params: Record<string, string> = {},
): Promise<Record<string, SqlValue>[]> {
  return [...(await fixture.engine.query(sql, { la_code: la, as_of: AS_OF, ...params })).rows];
}

const n = (v: SqlValue | undefined) => v as number;
const pdf = (la: string, report: string) => pdfs.get(`${la}/${report}`)!;

const REPORT_IDS = [
  'crt-mash-update',
  'fostering-update',
  'care-leavers-annual',
  'annual-safeguarding',
];

describe.each(LAS)('LA %s', (la) => {
  test.each(REPORT_IDS)('%s: header block, headings, footers and accessibility', (id) => {
    const config = configs.get(la)!;
    const meta = config.reports[id]!;
    const committee = config.committees[meta.committee]!;
    const report = rendered.get(`${la}/${id}`)!;
    const contents = pdf(la, id);

    expect(report.pdfKey).toBe(`reports/${la}-${meta.committee}/${report.meetingDate}/${id}.pdf`);
    const first = contents.pages[0]!;
    expect(first).toContain(config.council.name.toUpperCase());
    expect(first).toContain(
      plain(
        `${committee.headerLabel}: ${committee.name} Date: ${formatLongDate(report.meetingDate)} Title: ${meta.title} Report From: ${meta.reportFrom} Contact name: ${meta.contact.name}, ${meta.contact.role} Tel: ${meta.contact.tel} Email: ${meta.contact.email}`,
      ),
    );
    for (const heading of [
      'Purpose of this Report',
      'Executive Summary',
      'Contextual Information',
      'Finance',
      'Consultation and Equalities',
      'Climate Change Impact Assessment',
      'REQUIRED CORPORATE AND LEGAL INFORMATION:',
      'Links to the Strategic Plan',
      'EQUALITIES IMPACT ASSESSMENT:',
      '1. Equality Duty',
    ]) {
      expect(contents.text).toContain(heading);
      expect(bookmarkTitles(contents.bookmarks)).toContain(heading);
    }
    expect(contents.text).toContain(
      meta.recommendations.length > 1 ? 'Recommendations' : 'Recommendation',
    );
    for (const recommendation of meta.recommendations)
      expect(contents.text).toContain(plain(recommendation));
    expect(contents.text).toContain(plain(meta.equalitiesStatement));
    // The strategic plan table: each aim with its Yes/No.
    config.council.strategicAims.forEach((aim, i) => {
      expect(contents.text).toContain(plain(`${aim}: ${meta.strategicPlan[i] ? 'Yes' : 'No'}`));
    });
    contents.pages.forEach((page, i) => {
      // Chrome paints the margin box first: each page's text starts with its footer.
      expect(page.startsWith(`Page ${i + 1} `)).toBe(true);
    });
    expect(report.pages).toBe(contents.pages.length);

    expect(contents.title).toBe(`${meta.title} - ${committee.name}, ${report.meetingDate}`);
    expect(contents.lang).toBe('en-GB');
    expect(contents.tagged).toBe(true);
    expect(contents.structureRoles).toContain('Document');
    expect(contents.bookmarks[0]!.title).toBe(plain(meta.title));
    expect(contents.bookmarks[0]!.page).toBe(1);
  });

  test('the papers are the LA’s own: no other council named in the header or the sentences', () => {
    const other = configs.get(la === '850' ? '921' : '850')!;
    for (const id of REPORT_IDS) {
      const text = pdf(la, id).text;
      expect(text).not.toContain(other.council.name);
      expect(text).not.toContain(other.council.name.toUpperCase());
    }
  });

  test('crt-mash-update: narrative figures and Appendix 1 equal the report tables', async () => {
    const text = pdf(la, 'crt-mash-update').text;
    const contacts = await rows(
      'SELECT * FROM frontdoor_contacts_monthly WHERE la_code = $la_code AND as_of = $as_of ORDER BY month',
      la,
    );
    const last12 = contacts.slice(-12);
    const totals = last12.map((r) => n(r.contacts_total));
    expect(text).toContain(
      `CRT work on between ${formatNumber(Math.min(...totals))} and ${formatNumber(Math.max(...totals))} contacts each month`,
    );
    const resolved = last12.map((r) => n(r.pct_resolved));
    expect(text).toContain(
      `CRT are able to deal with ${formatPercentRange(Math.min(...resolved), Math.max(...resolved))} of contacts on new cases, with the remaining ${formatPercentRange(100 - Math.max(...resolved), 100 - Math.min(...resolved))} being progressed to a referral`,
    );
    const sum = (list: Record<string, SqlValue>[], c: string) =>
      list.reduce((s, r) => s + n(r[c]), 0);
    expect(text).toContain(`CRT received ${formatNumber(sum(last12, 'contacts_total'))} contacts`);

    const months = new Set(last12.map((r) => r.month));
    const referrals = (
      await rows(
        'SELECT * FROM frontdoor_referrals_monthly WHERE la_code = $la_code AND as_of = $as_of ORDER BY month',
        la,
      )
    ).filter((r) => months.has(r.month));
    const refs = referrals.map((r) => n(r.referrals_total));
    expect(text).toContain(
      `MASH received between ${formatNumber(Math.min(...refs))} and ${formatNumber(Math.max(...refs))} referrals each month`,
    );
    expect(text).toContain(
      `${formatNumber(sum(referrals, 's47_started'))} section 47 enquiries were started`,
    );
    const completed = sum(referrals, 'assessments_completed');
    const timely = sum(referrals, 'assessments_timely');
    expect(text).toContain(
      `Of the ${formatNumber(completed)} Child and Family assessments completed over the same period, ${formatNumber(timely)} (${formatPercent((100 * timely) / completed)}) were completed within 45 working days`,
    );

    // The partner LA's average contacts over the same months.
    const partner = configs.get(la)!.frontDoorPartners[0]!;
    const partnerRows = (
      await rows(
        'SELECT month, contacts_total FROM frontdoor_contacts_monthly WHERE la_code = $la_code AND as_of = $as_of',
        partner.laCode,
      )
    ).filter((r) => months.has(r.month));
    const average = sum(partnerRows, 'contacts_total') / partnerRows.length;
    expect(text).toContain(`${partner.name} (${formatNumber(average)} contacts a month on average`);

    // Appendix 1: the last two calendar years, month by month, as the table rows print them.
    for (const year of ['2018', '2019']) {
      const inYear = contacts.filter((r) => String(r.month).startsWith(year));
      expect(text).toContain(
        `Contacts ${year} ${inYear.map((r) => formatMonthYear(r.month).slice(0, 3)).join(' ')}`,
      );
      expect(text).toContain(
        `Total contacts ${inYear.map((r) => formatNumber(r.contacts_total)).join(' ')}`,
      );
      expect(text).toContain(
        `Percentage Resolved ${inYear.map((r) => formatPercent(r.pct_resolved, 0)).join(' ')}`,
      );
    }
    expect(text).toContain('Appendix 1 - Contact, Referral, Sources and Outcomes');
    expect(text).toContain('January 2018 – November 2019');
  });

  test('fostering-update: households, twelve-month change by carer type, reviews and de-registrations', async () => {
    const text = pdf(la, 'fostering-update').text;
    const monthly = await rows(
      'SELECT * FROM fostering_monthly WHERE la_code = $la_code AND as_of = $as_of ORDER BY month',
      la,
    );
    const latest = monthly.at(-1)!;
    const yearAgo = monthly.at(-13)!;
    const quarterAgo = monthly.at(-4)!;
    const month = formatMonthYear(latest.month);
    expect(text).toContain(
      `At the end of ${month} there were ${formatNumber(latest.households_registered)} registered fostering households ${configs.get(la)!.council.inPlace} compared to ${formatNumber(quarterAgo.households_registered)} at the end of ${formatMonthYear(quarterAgo.month)}, ${formatChange(n(latest.households_registered) - n(quarterAgo.households_registered), 'fostering households', 'fostering household')}`,
    );
    expect(text).toContain(
      `In the past 12 months (${formatMonthYear(yearAgo.month)} to ${month}) there was ${formatChange(latest.households_change_12m, 'fostering households', 'fostering household')} (${formatMoreFewer(latest.mainstream_change_12m, 'County carers')}, ${formatMoreFewer(latest.connected_change_12m, 'connected carers')} and ${formatMoreFewer(latest.short_breaks_change_12m, 'specialist respite carers')})`,
    );
    expect(text).toContain(
      `${formatPercent(latest.pct_reviews_in_timescale, 0)} in ${month}; this compares to ${formatPercent(yearAgo.pct_reviews_in_timescale, 0)} in ${formatMonthYear(yearAgo.month)}`,
    );
    expect(text).toContain(
      `${formatPercent(latest.pct_supervision_timely, 0)} of foster carer households received timely, recorded supervision in ${month}`,
    );
    expect(text).toContain(
      `${formatNumber(latest.unannounced_visits_overdue)} households were overdue an unannounced visit in ${month} compared to ${formatNumber(yearAgo.unannounced_visits_overdue)}`,
    );
    const dereg = await rows(
      'SELECT financial_year, max(households_financial_year) AS total FROM fostering_deregistrations WHERE la_code = $la_code AND as_of = $as_of AND is_complete_year GROUP BY financial_year ORDER BY financial_year DESC LIMIT 1',
      la,
    );
    expect(text).toContain(
      `In ${dereg[0]!.financial_year}, ${formatNumber(dereg[0]!.total)} fostering households were de-registered`,
    );
    expect(text).toContain(
      `Households registered ${monthly
        .slice(-13)
        .map((r) => formatNumber(r.households_registered))
        .join(' ')}`,
    );
    if (n(latest.hive_households) > 0) {
      expect(text).toContain(
        `${formatNumber(latest.hive_households)} fostering households belonged to one of ${formatNumber(latest.hives)} Hives`,
      );
    } else {
      expect(bookmarkTitles(pdf(la, 'fostering-update').bookmarks)).not.toContain('Hives');
    }
  });

  test('care-leavers-annual: profile, in touch, NEET at 18 against last year, staying put, passports', async () => {
    const text = pdf(la, 'care-leavers-annual').text;
    const profile = await rows(
      "SELECT category, young_people, young_people_18_plus FROM care_leavers_profile WHERE la_code = $la_code AND as_of = $as_of AND dimension = 'gender' AND month = (SELECT max(month) FROM care_leavers_profile WHERE la_code = $la_code AND as_of = $as_of)",
      la,
    );
    const adults = profile.reduce((s, r) => s + n(r.young_people_18_plus), 0);
    expect(text).toContain(`of whom ${formatNumber(adults)} were Care Leavers aged 18 or over`);
    const males = profile.find((r) => r.category === 'male')!;
    expect(text).toContain(
      `Males ${formatNumber(males.young_people_18_plus)} ${formatNumber(males.young_people)}`,
    );

    const touch = await rows(
      'SELECT * FROM care_leavers_in_touch_quarterly WHERE la_code = $la_code AND as_of = $as_of ORDER BY quarter_end DESC LIMIT 2',
      la,
    );
    expect(text).toContain(
      `In the quarter to ${formatLongDate(touch[0]!.quarter_end)}, ${formatPercent(touch[0]!.pct_in_touch)} of care leavers aged 19-21 were in touch`,
    );
    expect(text).toContain(
      `${touch[0]!.financial_year} ${touch[0]!.financial_quarter} ${formatPercent(touch[0]!.pct_in_touch)} Not yet published`,
    );
    expect(text).toContain(
      `${touch[1]!.financial_year} ${touch[1]!.financial_quarter} ${formatPercent(touch[1]!.pct_in_touch)} ${formatPercent(touch[1]!.benchmark_pct)}`,
    );

    const outcomes = await rows(
      'SELECT * FROM care_leavers_birthday_outcomes WHERE la_code = $la_code AND as_of = $as_of ORDER BY year, age',
      la,
    );
    const years = [...new Set(outcomes.map((r) => n(r.year)))].slice(-5);
    const cell = (year: number, age: number, c: string) =>
      outcomes.find((r) => r.year === year && r.age === age)![c];
    const latest = years.at(-1)!;
    const previous = years.at(-2)!;
    expect(text).toContain(
      `The NEET rate at 18 (not in education, employment or training around the 18th birthday) was ${formatPercent(cell(latest, 18, 'pct_neet'), 0)} in ${latest}, against ${formatPercent(cell(previous, 18, 'pct_neet'), 0)} in ${previous}`,
    );
    for (const age of [18, 19, 20, 21]) {
      expect(text).toContain(
        `${age} ${years.map((y) => formatPercent(cell(y, age, 'pct_suitable_accommodation'), 0)).join(' ')}`,
      );
    }

    // November's data: the year has no December snapshot yet, so the latest month is quoted.
    const stayingPut = await rows(
      'SELECT * FROM care_leavers_staying_put WHERE la_code = $la_code AND as_of = $as_of ORDER BY year DESC',
      la,
    );
    expect(stayingPut[0]!.staying_put_december).toBeNull();
    const lastDecember = stayingPut.find((r) => r.staying_put_december !== null)!;
    expect(text).toContain(
      `As at ${formatMonthYear(stayingPut[0]!.latest_month)}, ${formatNumber(stayingPut[0]!.staying_put_latest)} young people were in staying put arrangements`,
    );
    expect(text).toContain(
      `${formatNumber(lastDecember.staying_put_december)} in December ${lastDecember.year})`,
    );

    const passports = await rows(
      'SELECT status, young_people_18_plus, pct_18_plus FROM care_leavers_health_passport WHERE la_code = $la_code AND as_of = $as_of AND month = (SELECT max(month) FROM care_leavers_health_passport WHERE la_code = $la_code AND as_of = $as_of)',
      la,
    );
    const received = passports.find((r) => r.status === 'received')!;
    expect(text).toContain(
      `${formatNumber(received.young_people_18_plus)} (${formatPercent(received.pct_18_plus)}) have received a health passport`,
    );
  });

  test('annual-safeguarding: five financial years, referral sources, S47 to ICPC and timeliness', async () => {
    const text = pdf(la, 'annual-safeguarding').text;
    const years = (
      await rows(
        'SELECT * FROM frontdoor_annual WHERE la_code = $la_code AND as_of = $as_of AND NOT is_partial_year ORDER BY financial_year DESC LIMIT 5',
        la,
      )
    ).reverse();
    const latest = years.at(-1)!;
    const previous = years.at(-2)!;
    expect(text).toContain(`Report for Cabinet`);
    expect(text).toContain(`during ${latest.financial_year}`);
    expect(text).toContain(
      `Number of initial contacts ${years.map((y) => formatNumber(y.contacts_total)).join(' ')}`,
    );
    expect(text).toContain(
      `Number of referrals ${years.map((y) => formatNumber(y.referrals_total)).join(' ')}`,
    );
    expect(text).toContain(
      `The total number of contacts in ${latest.financial_year} (${formatNumber(latest.contacts_total)}) is`,
    );
    expect(text).toContain(
      `${formatPercent(latest.pct_s47_to_icpc)} of the section 47 investigations started in ${latest.financial_year} progressed to an initial child protection conference, compared with ${formatPercent(previous.pct_s47_to_icpc)} in ${previous.financial_year}`,
    );
    expect(text).toContain(
      `${formatPercent(latest.pct_assessments_timely)} of Child and Family Assessments were completed within 45 working days in ${latest.financial_year}`,
    );
    const sources = await rows(
      'SELECT * FROM frontdoor_referral_sources_annual WHERE la_code = $la_code AND as_of = $as_of AND financial_year = $fy ORDER BY referrals DESC',
      la,
      { fy: String(latest.financial_year) },
    );
    expect(text).toContain(
      `${sources[0]!.source_group} was the highest referrer (${formatPercent(sources[0]!.pct_of_referrals, 2)})`,
    );
    const police = await rows(
      "SELECT financial_year, referrals, pct_of_referrals FROM frontdoor_referral_sources_annual WHERE la_code = $la_code AND as_of = $as_of AND source_group = 'Police' ORDER BY financial_year",
      la,
    );
    const shown = new Set(years.map((y) => y.financial_year));
    expect(text).toContain(
      `Police ${police
        .filter((r) => shown.has(r.financial_year))
        .map((r) => `${formatNumber(r.referrals)} ${formatPercent(r.pct_of_referrals, 2)}`)
        .join(' ')}`,
    );
    expect(text).toContain('Appendix A - Activity Volumes');
  });

  test('every report has a chart drawn as vector graphics with a text alternative', async () => {
    for (const id of REPORT_IDS) {
      const html = await readFile(
        join(dir.path, 'out', rendered.get(`${la}/${id}`)!.htmlKey),
        'utf8',
      );
      expect(html).toMatch(/<svg[^>]+role="img"[^>]+aria-labelledby="[^"]+-title [^"]+-desc"/);
      expect(html).toMatch(/<title id="chart-[a-z-]+-title">[^<]+<\/title>/);
      expect(html).toMatch(/<desc id="chart-[a-z-]+-desc">[^<]+\d[^<]*<\/desc>/);
      expect(html).toMatch(/<(rect|path) class="(bar|line)-0"/);
      expect(html).toContain('<html lang="en-GB">');
      // Real header cells: column heads and row heads with their scope.
      expect(html).toContain('<th scope="col"');
      expect(html).toContain('<th scope="row"');
      expect(html).not.toMatch(/<script/i);
    }
  });
});

describe('the browser', () => {
  test('withBrowser closes the browser when the work fails', async () => {
    let captured: ReportBrowser | undefined;
    await expect(
      withBrowser(async (b) => {
        captured = b;
        await b.pdf('<!DOCTYPE html><html lang="en-GB"><title>t</title><p>x</p></html>');
        throw new Error('render failed');
      }),
    ).rejects.toThrow('render failed');
    await expect(captured!.pdf('<p>after</p>')).rejects.toThrow();
  });
});
