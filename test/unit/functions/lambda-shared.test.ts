import { parseReportKey } from '../../../functions/core/reports/report-downloads.js';
import { parseS3Location, storeKeyOf } from '../../../functions/core/store/s3-location.js';
import { readLambdaSettings } from '../../../functions/lambda-shared/lambda-settings.js';
import { monthlyRequest, previousMonth } from '../../../functions/lambda-shared/month.js';

test('the scheduled run reports on the month before, in London time', () => {
  expect(previousMonth(new Date('2024-03-05T06:00:00Z'))).toBe('2024-02');
  expect(previousMonth(new Date('2024-01-05T06:00:00Z'))).toBe('2023-12');
  // 23:30 UTC on 31 March is already 1 April in London (BST): the month before is March.
  expect(previousMonth(new Date('2024-03-31T23:30:00Z'))).toBe('2024-03');
  expect(monthlyRequest.parse({ scheduledTime: '2024-03-05T06:00:00Z' })).toBe('2024-02');
  expect(monthlyRequest.parse({ month: '2023-11' })).toBe('2023-11');
  expect(() => monthlyRequest.parse({ month: '2023-11-01' })).toThrow();
  expect(() => monthlyRequest.parse({})).toThrow();
});

test('event objects map to store keys only inside the configured location', () => {
  const landing = parseS3Location('s3://council-landing/incoming');
  expect(landing).toEqual({ bucket: 'council-landing', prefix: 'incoming' });
  expect(storeKeyOf(landing, 'council-landing', 'incoming/2020-01/contacts_850_2020-01.csv')).toBe(
    '2020-01/contacts_850_2020-01.csv',
  );
  expect(
    storeKeyOf(landing, 'council-landing', 'elsewhere/contacts_850_2020-01.csv'),
  ).toBeUndefined();
  expect(storeKeyOf(landing, 'council-landing', 'incoming/')).toBeUndefined();
  expect(storeKeyOf(landing, 'another-bucket', 'incoming/x.csv')).toBeUndefined();
  expect(() => parseS3Location('/tmp/landing')).toThrow(/s3:\/\//);
});

test('only <la>-<committee>/<meeting-date>/<report-id>.<pdf|html> keys are papers', () => {
  expect(parseReportKey('850-cabinet/2024-06-18/annual-safeguarding.pdf')).toEqual({
    key: '850-cabinet/2024-06-18/annual-safeguarding.pdf',
    laCode: '850',
    committeeId: 'cabinet',
    meetingDate: '2024-06-18',
    reportId: 'annual-safeguarding',
    format: 'pdf',
  });
  for (const key of [
    'cabinet/2024-06-18/annual-safeguarding.pdf',
    '850-cabinet/annual-safeguarding.pdf',
    '850-cabinet/2024-06-18/annual-safeguarding.csv',
    '850-Cabinet/2024-06-18/annual-safeguarding.pdf',
    '850-cabinet/2024-06-18/../x.pdf',
    '850-cabinet/2024-06-18/sub/x.pdf',
  ]) {
    expect(parseReportKey(key)).toBeUndefined();
  }
});

test('Lambda settings fail fast naming the setting', () => {
  const base = { PANELPACK_WAREHOUSE: 's3://w/warehouse' };
  expect(readLambdaSettings(base)).toMatchObject({ engine: 'duckdb', downloadUrlSeconds: 300 });
  expect(() => readLambdaSettings({ ...base, PANELPACK_ENGINE: 'spark' })).toThrow(
    /PANELPACK_ENGINE/,
  );
  expect(() => readLambdaSettings({ ...base, PANELPACK_DOWNLOAD_URL_SECONDS: '901' })).toThrow(
    /PANELPACK_DOWNLOAD_URL_SECONDS/,
  );
  expect(() => readLambdaSettings({ ...base, PANELPACK_DUCKDB_MEMORY: 'lots' })).toThrow(
    /PANELPACK_DUCKDB_MEMORY/,
  );
});
