/** Settings: choosing the calendar and crew providers. */
import { handledCell, stepStateOf } from '../../../gas/core/records';
import { parseSettings } from '../../../gas/core/settings';

const HEADER = ['Setting', 'Value', 'Notes'];

describe('Settings: providers', () => {
  it('defaults to the calendar dashboard and ShipCaptainCrew', () => {
    expect(parseSettings([HEADER])).toMatchObject({
      providers: { calendar: 'dashboard', crew: 'scc' },
      googleCalendar: { calendarId: '', inviteCrew: false },
    });
  });

  it('reads Google Calendar and the built-in invitations, whatever the case', () => {
    const settings = parseSettings([
      HEADER,
      ['provider.calendar', 'Google', ''],
      ['provider.crew', 'builtin', ''],
      ['googleCalendar.id', 'owner@example.com', ''],
      ['googleCalendar.inviteCrew', 'Yes', ''],
    ]);
    expect(settings.providers).toEqual({ calendar: 'google', crew: 'builtin' });
    expect(settings.googleCalendar).toEqual({ calendarId: 'owner@example.com', inviteCrew: true });
    // "provider.crew" is not a crew rule (those are crew.<role>).
    expect(settings.finance.crewRules).toEqual([]);
  });

  it.each([
    ['provider.calendar', 'outlook', /expected one of dashboard, google/],
    ['provider.crew', 'whatsapp', /expected one of scc, builtin/],
    ['googleCalendar.inviteCrew', 'maybe', /expected yes or no/],
  ])('names the setting when %s = %s cannot be read', (key, value, message) => {
    expect(() => parseSettings([HEADER, [key, value, '']])).toThrow(message);
  });
});

describe('Step cells of a step a provider handled', () => {
  it('reads "done (Google Calendar)" as done, and only for a known provider', () => {
    expect(handledCell('done', 'Google Calendar')).toBe('done (Google Calendar)');
    expect(stepStateOf('done (Google Calendar)')).toBe('done');
    expect(stepStateOf('skipped (built-in invitations)')).toBe('skipped');
    expect(handledCell('done', 'Somebody')).toBe('done');
    expect(stepStateOf('done (somebody said so)')).toBe('unreadable');
  });
});
