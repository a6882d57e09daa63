import { checkRenderFlags } from '../../../bin/commands/render.js';
import { UserError } from '../../../bin/terminal.js';

describe('render flags', () => {
  const ok = { report: 'crt-mash-update', month: '2019-11', out: 'out' };

  test('valid flags pass', () => {
    expect(() => checkRenderFlags(ok)).not.toThrow();
    expect(() =>
      checkRenderFlags({
        ...ok,
        report: 'agenda-pack',
        committee: 'cabinet',
        meetingDate: '2020-02-04',
        la: ['850'],
      }),
    ).not.toThrow();
  });

  test.each([
    [{ report: 'minutes' }, /unknown report "minutes"/],
    [{ month: '2019-13' }, /--month 2019-13: expected YYYY-MM/],
    [{ meetingDate: '4/2/2020' }, /--meeting-date 4\/2\/2020: expected YYYY-MM-DD/],
    [{ la: ['85'] }, /--la 85: expected a 3-digit DfE LA number/],
    [{ report: 'agenda-pack' }, /needs --committee/],
  ])('%o is a usage error', (change, message) => {
    expect(() => checkRenderFlags({ ...ok, ...change })).toThrow(UserError);
    expect(() => checkRenderFlags({ ...ok, ...change })).toThrow(message);
  });
});
