import {
  countPapers,
  fileSize,
  filterGroups,
  generatedTime,
  groupReports,
  keyPath,
  type ListedReport,
} from '../../../functions/core/serve/page/report-groups.js';

const paper = (key: string, extra: Partial<ListedReport> = {}): ListedReport => {
  const [folder, meetingDate, file] = key.split('/') as [string, string, string];
  const [reportId, format] = file.split('.') as [string, 'pdf' | 'html'];
  const laCode = folder.slice(0, 3);
  const committeeId = folder.slice(4);
  return {
    key,
    laCode,
    committeeId,
    committee: committeeId,
    meetingDate,
    reportId,
    format,
    size: 1000,
    title: null,
    asOf: null,
    generatedAt: null,
    pages: null,
    ...extra,
  };
};
const panel = { committee: 'Children and Families Advisory Panel' };
const listing: ListedReport[] = [
  paper('921-cabinet/2020-01-09/annual-safeguarding.pdf', {
    committee: 'Cabinet',
    asOf: '2019-11',
  }),
  paper('850-children-and-families-advisory-panel/2020-02-04/agenda-pack.pdf', {
    ...panel,
    title: 'Children and Families Advisory Panel: agenda pack',
    pages: 16,
  }),
  paper('850-children-and-families-advisory-panel/2020-02-04/fostering-update.html', panel),
  paper('850-children-and-families-advisory-panel/2020-02-04/fostering-update.pdf', {
    ...panel,
    title: 'Update on Hampshire Fostering Services',
    asOf: '2019-11',
    generatedAt: '2019-12-05T06:20:00.000Z',
    pages: 6,
  }),
  paper('850-children-and-families-advisory-panel/2019-11-05/crt-mash-update.pdf', {
    ...panel,
    title: "Children's Reception Team (CRT) and Multi Agency Safeguarding Hub (MASH) Update",
    asOf: '2019-08',
  }),
  paper('850-children-and-families-advisory-panel/2020-02-04/crt-mash-update.pdf', {
    ...panel,
    title: "Children's Reception Team (CRT) and Multi Agency Safeguarding Hub (MASH) Update",
    asOf: '2019-11',
  }),
];
const councils = { '850': 'Hampshire', '921': 'Isle of Wight' };

describe('groupReports', () => {
  test('committees by LA, meetings newest first, a report in all its formats, the pack apart', () => {
    const groups = groupReports(listing);
    expect(groups.map((g) => [g.id, g.committee])).toEqual([
      ['850-children-and-families-advisory-panel', 'Children and Families Advisory Panel'],
      ['921-cabinet', 'Cabinet'],
    ]);
    const [february, november] = groups[0]!.meetings;
    expect([february!.date, november!.date]).toEqual(['2020-02-04', '2019-11-05']);
    expect(february!.agendaPack?.pdf?.pages).toBe(16);
    expect(february!.reports.map((r) => [r.reportId, r.title])).toEqual([
      [
        'crt-mash-update',
        "Children's Reception Team (CRT) and Multi Agency Safeguarding Hub (MASH) Update",
      ],
      ['fostering-update', 'Update on Hampshire Fostering Services'],
    ]);
    const fostering = february!.reports[1]!;
    expect(fostering.pdf?.format).toBe('pdf');
    expect(fostering.html?.format).toBe('html');
    expect(fostering).toMatchObject({ asOf: '2019-11', generatedAt: '2019-12-05T06:20:00.000Z' });
    expect(countPapers(groups)).toBe(5);
  });

  test('without a manifest, names come from the keys and nothing is invented', () => {
    const groups = groupReports([
      paper('921-corporate-parenting-board/2020-01-29/care-leavers-annual.pdf'),
      paper('921-corporate-parenting-board/2020-01-29/agenda-pack.pdf'),
    ]);
    expect(groups[0]!.committee).toBe('Corporate parenting board');
    const meeting = groups[0]!.meetings[0]!;
    expect(meeting.reports[0]).toMatchObject({
      title: 'Care leavers annual',
      asOf: null,
      generatedAt: null,
    });
    expect(meeting.agendaPack?.title).toBe('Agenda pack');
  });

  test('accepts the older listing without LA, committee key or manifest fields', () => {
    const groups = groupReports([
      {
        key: 'cabinet/2024-06-18/annual-safeguarding.pdf',
        committee: 'cabinet',
        meetingDate: '2024-06-18',
        reportId: 'annual-safeguarding',
        format: 'pdf',
        size: 10,
      },
    ]);
    expect(groups[0]).toMatchObject({ id: 'cabinet', laCode: undefined, committee: 'cabinet' });
    expect(groups[0]!.meetings[0]!.reports[0]).toMatchObject({ asOf: null, generatedAt: null });
  });
});

describe('filterGroups', () => {
  const groups = groupReports(listing);
  const titles = (query: string) =>
    filterGroups(groups, query, councils).flatMap((c) =>
      c.meetings.flatMap((m) => [
        ...(m.agendaPack ? [`${m.date} pack`] : []),
        ...m.reports.map((r) => `${m.date} ${r.reportId}`),
      ]),
    );

  test('every word must match, in any case, against what the page shows', () => {
    expect(titles('')).toHaveLength(countPapers(groups));
    expect(titles('FOSTERING')).toEqual(['2020-02-04 pack', '2020-02-04 fostering-update']);
    expect(titles('fostering cabinet')).toEqual([]);
    expect(titles('4 February 2020 crt')).toEqual([
      '2020-02-04 pack',
      '2020-02-04 crt-mash-update',
    ]);
    expect(titles('august 2019')).toEqual(['2019-11-05 crt-mash-update']);
    expect(titles('2019-08')).toEqual(['2019-11-05 crt-mash-update']);
    expect(titles('isle of wight')).toEqual(['2020-01-09 annual-safeguarding']);
    expect(titles('921')).toEqual(['2020-01-09 annual-safeguarding']);
  });

  test('a search for the committee or meeting keeps the whole meeting', () => {
    expect(titles('advisory panel 2020-02-04')).toEqual([
      '2020-02-04 pack',
      '2020-02-04 crt-mash-update',
      '2020-02-04 fostering-update',
    ]);
    expect(titles('agenda pack')).toEqual(['2020-02-04 pack']);
  });
});

describe('formatting', () => {
  test('sizes, UK times and API paths', () => {
    expect(fileSize(812)).toBe('812 bytes');
    expect(fileSize(351_000)).toBe('343 KB');
    expect(fileSize(1_300_000)).toBe('1.2 MB');
    // Greenwich time in winter, British Summer Time in summer.
    expect(generatedTime('2019-12-05T06:20:00.000Z')).toBe('5 December 2019 at 06:20');
    expect(generatedTime('2020-07-01T23:30:00Z')).toBe('2 July 2020 at 00:30');
    expect(keyPath('850-cabinet/2020-01-07/a b?.pdf')).toBe('850-cabinet/2020-01-07/a%20b%3F.pdf');
  });
});
