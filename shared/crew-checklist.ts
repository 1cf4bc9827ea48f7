/**
 * The crew checklist: a crew-facing page of time-aware tasks for one charter, each at a fixed
 * offset from departure (T-24h fuel and water, T-2h arrive, T-30min safety briefing...) and shown
 * at its absolute local time. Published at `crew/{slug}-{token}.html`, a path that cannot be
 * guessed from the booking id, and linked from the SCC crew event. Crew-facing: no money, and the
 * notes go through the same filter as the crew event.
 */
import { bookingLabels, crewView, type CrewFacingSource } from './crew-facing';
import { dailyTasks } from './crew-checklist-days';
import { escapeHtml } from './html';

export interface ChecklistTask {
  /** Minutes relative to departure (negative: before). `end` tasks are relative to the return. */
  offsetMinutes: number;
  from: 'departure' | 'return';
  title: string;
  detail: string;
}

export const CHECKLIST_TASKS: readonly ChecklistTask[] = [
  {
    offsetMinutes: -24 * 60,
    from: 'departure',
    title: 'Fuel, water and holding tank',
    detail: 'Check fuel and fresh water levels, top up, and pump out the holding tank if needed.',
  },
  {
    offsetMinutes: -24 * 60,
    from: 'departure',
    title: 'Weather and sea forecast',
    detail: 'Check wind, swell and visibility; tell the captain about anything unusual.',
  },
  {
    offsetMinutes: -2 * 60,
    from: 'departure',
    title: 'Arrive at the boat',
    detail: 'Open up and ventilate; engine checks (oil, coolant, belts, bilge); shore power off.',
  },
  {
    offsetMinutes: -60,
    from: 'departure',
    title: 'Safety gear',
    detail:
      'Life jackets for every guest (children sizes too), fire extinguishers, flares, first-aid kit, VHF radio check.',
  },
  {
    offsetMinutes: -30,
    from: 'departure',
    title: 'Safety briefing',
    detail:
      'Meet the guests at the meeting point, board them, and give the safety briefing before lines off.',
  },
  {
    offsetMinutes: 0,
    from: 'departure',
    title: 'Departure',
    detail: 'Lines off.',
  },
  {
    offsetMinutes: 0,
    from: 'return',
    title: 'Return to the dock',
    detail: 'Secure the lines and help the guests ashore with their belongings.',
  },
  {
    offsetMinutes: 30,
    from: 'return',
    title: 'Clean-up and log',
    detail:
      'Rinse the deck, empty the trash, log fuel and engine hours, report any damage to the captain.',
  },
];

/** The checklist reads exactly what the other crew-facing builders may read, plus the status. */
export interface ChecklistInput extends CrewFacingSource {
  cancelled: boolean;
}

export interface ScheduledTask {
  /** "24 h before departure", "at departure", "30 min after return". */
  relative: string;
  /** Local time "Wed, May 29, 9:00 AM". */
  at: string;
  /** Minutes from departure, for ordering. */
  minutesFromDeparture: number;
  title: string;
  detail: string;
}

function relativeLabel(offset: number, from: 'departure' | 'return'): string {
  if (offset === 0) return `at ${from}`;
  const abs = Math.abs(offset);
  const amount = abs % 60 === 0 ? `${abs / 60} h` : `${abs} min`;
  return `${amount} ${offset < 0 ? 'before' : 'after'} ${from}`;
}

/** The tasks of a charter in time order, each with its absolute local time. */
export function checklistSchedule(
  booking: ChecklistInput['booking'],
  tasks: readonly ChecklistTask[] = CHECKLIST_TASKS,
): ScheduledTask[] {
  return tasks
    .map((task) => {
      const minutes = task.offsetMinutes + (task.from === 'return' ? booking.durationMinutes : 0);
      return {
        relative: relativeLabel(task.offsetMinutes, task.from),
        at: bookingLabels(booking, minutes).short,
        minutesFromDeparture: minutes,
        title: task.title,
        detail: task.detail,
      };
    })
    .concat(dailyTasks(booking))
    .sort((a, b) => a.minutesFromDeparture - b.minutesFromDeparture);
}

// overflow-wrap:anywhere: long unbroken words wrap on a phone (test/browser/phone-wrap.test.ts).
const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f6f8;color:#17202c;overflow-wrap:anywhere}
main{max-width:44rem;margin:1.5rem auto;padding:1.25rem;background:#fff;border-radius:10px}
h1{font-size:1.3rem;margin:0 0 .75rem}table{border-collapse:collapse;width:100%}td,th{padding:.45rem .5rem;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
th{font-size:.85rem;color:#4b5563;overflow-wrap:normal}.when{white-space:nowrap}.rel{color:#4b5563;font-size:.85rem}.cancelled{color:#9b1c1c}pre{white-space:pre-wrap;font-family:inherit}`;

export function renderCrewChecklist(input: ChecklistInput): string {
  const { booking } = input;
  const start = bookingLabels(booking);
  const end = bookingLabels(booking, booking.durationMinutes);
  const head = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Crew checklist ${escapeHtml(booking.id)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
`;
  const tail = `</main>
</body>
</html>
`;
  if (input.cancelled) {
    return `${head}<h1 class="cancelled">Charter ${escapeHtml(booking.id)} on ${escapeHtml(start.date)} is cancelled</h1>
<p>No tasks: this charter is not taking place. Thank you!</p>
${tail}`;
  }
  const view = crewView(input);
  const facts: Array<[string, string]> = [
    ['Date', start.date],
    ['Departure', `${start.time} ${start.zone}`],
    ['Return', `${end.date === start.date ? '' : `${end.date}, `}${end.time} ${end.zone}`],
    ['Boat', view.boat],
    ['Meeting point', view.meetingPoint || 'ask the captain'],
    ['Guests', `${view.guest}${view.partySize ? `, party of ${view.partySize}` : ''}`],
    [
      'Crew',
      view.crew.length
        ? view.crew.map((m) => `${m.name} (${m.role})`).join(', ')
        : 'to be confirmed',
    ],
  ];
  const rows = checklistSchedule(booking)
    .map(
      (task) =>
        `<tr><td class="when">${escapeHtml(task.at)}<div class="rel">${escapeHtml(task.relative)}</div></td>` +
        `<td><strong>${escapeHtml(task.title)}</strong><br>${escapeHtml(task.detail)}</td></tr>`,
    )
    .join('\n');
  const notes = view.notes;
  return `${head}<h1>Crew checklist: charter ${escapeHtml(booking.id)}</h1>
<table>
${facts.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</table>
<h2>Tasks (times are local, ${escapeHtml(start.zone)})</h2>
<table>
<tr><th>When</th><th>Task</th></tr>
${rows}
</table>
${notes ? `<h2>Notes</h2>\n<pre>${escapeHtml(notes)}</pre>\n` : ''}${tail}`;
}
