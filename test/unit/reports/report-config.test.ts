import { REPORT_IDS } from '../../../functions/core/reports/report-catalogue.js';
import {
  configuredLaCodes,
  loadReportConfig,
  parseReportConfig,
} from '../../../functions/core/reports/report-config.js';

describe('report metadata in config/reports', () => {
  test('Hampshire and the Isle of Wight each have a valid config with every report', async () => {
    expect(await configuredLaCodes()).toEqual(expect.arrayContaining(['850', '921']));
    for (const la of ['850', '921']) {
      const config = await loadReportConfig(la);
      expect(config.laCode).toBe(la);
      expect(Object.keys(config.reports).sort()).toEqual([...REPORT_IDS].sort());
      for (const report of Object.values(config.reports)) {
        // Contact details are fictional: reserved .example domains and Ofcom drama numbers.
        expect(report.contact.email).toMatch(/\.example$/);
        expect(report.contact.tel).toMatch(/^(01632 960\d{3}|07700 900\d{3})$/);
      }
    }
  });

  test('the two LAs do not share a council name or contact', async () => {
    const [hants, iow] = await Promise.all([loadReportConfig('850'), loadReportConfig('921')]);
    expect(hants.council.name).not.toBe(iow.council.name);
    const emails = (c: typeof hants) => Object.values(c.reports).map((r) => r.contact.email);
    expect(emails(hants).filter((e) => emails(iow).includes(e))).toEqual([]);
  });

  test('a broken config names the file and each field at fault', async () => {
    const config = await loadReportConfig('850');
    const broken = structuredClone(config) as Record<string, unknown> & typeof config;
    broken.reports['crt-mash-update']!.committee = 'no-such-committee';
    broken.reports['fostering-update']!.strategicPlan = [true];
    (broken.council as Record<string, unknown>).enquiries = 'not an email';
    expect(() => parseReportConfig(broken, 'config/reports/850.json')).toThrow(
      /config\/reports\/850\.json is not a valid report config:[\s\S]*council\.enquiries[\s\S]*reports\.crt-mash-update\.committee: no committee "no-such-committee"[\s\S]*reports\.fostering-update\.strategicPlan: expected 4/,
    );
  });

  test('a missing config says which file to create', async () => {
    await expect(loadReportConfig('999')).rejects.toThrow(
      /no report config for LA 999: create .*999\.json/,
    );
  });
});
