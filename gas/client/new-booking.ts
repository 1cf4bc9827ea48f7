/**
 * The "New booking" dialog in the browser. It checks the form with the same rules the server uses
 * (the shared booking-id pattern and money parser) for speed, never for safety: the server checks
 * everything again with the booking schema. The finance preview names exactly the fields it
 * still needs and highlights them; a loss is shown in red with a warning.
 *
 * A trip's length is an end time (plus an end date for multi-day trips) or a duration: an end
 * time wins, and the duration box is disabled and left out while one is given. The preview shows
 * the whole trip and warns of a clash with another booking of the same boat; "Save anyway"
 * resubmits the same form with confirmClash=yes (any later edit withdraws that confirmation).
 */
import { BOOKING_ID_PATTERN } from '../../shared/booking-id';
import { formatUsd, readMoney } from '../../shared/money';
import type {
  BookingForm,
  DialogServer,
  FieldErrors,
  FormField,
  PreviewResult,
} from '../core/dialog';
import { serverFunctions } from './rpc';

const server = serverFunctions<DialogServer>();
const MONEY_FIELDS: FormField[] = ['ownerEarnings', 'boatPrice', 'platformFee'];

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} missing from new-booking.html`);
  return node as T;
}

const form = byId<HTMLFormElement>('booking');
const preview = byId('preview');
const statusEl = byId('status');
const submitButton = byId<HTMLButtonElement>('submit');
const clashBox = byId('clash');
const saveAnyway = byId<HTMLButtonElement>('save-anyway');
const durationInput = form.elements.namedItem('durationHours') as HTMLInputElement;
const confirmInput = form.elements.namedItem('confirmClash') as HTMLInputElement;
const revenueField: FormField =
  form.dataset.revenueBasis === 'boatPrice' ? 'boatPrice' : 'ownerEarnings';
/** An end time or end date was typed: the end sets the trip's length, not the duration. */
function endGiven(v: BookingForm): boolean {
  return !!(v.endTime ?? '').trim() || !!(v.endDate ?? '').trim();
}

/** What the finance preview needs before it can be computed. */
function neededForPreview(v: BookingForm): FormField[] {
  const length: FormField[] = endGiven(v) ? ['endDate', 'endTime'] : ['durationHours'];
  return ['date', 'time', ...length, 'guestName', 'boat', revenueField];
}

/** The form's values; a disabled field (the duration while an end is given) is sent empty. */
function values(): BookingForm {
  const out: BookingForm = {};
  for (const element of Array.from(form.elements)) {
    const input = element as HTMLInputElement;
    if (input.name) out[input.name as FormField] = input.disabled ? '' : input.value;
  }
  return out;
}

/**
 * While an end is given the duration box is disabled and empty, so it is plain which one counts;
 * what the captain had typed there comes back when the end is cleared.
 */
function syncLengthFields(): void {
  const byEnd = endGiven(values());
  if (byEnd === durationInput.disabled) return;
  if (byEnd) {
    durationInput.dataset.typed = durationInput.value;
    durationInput.value = '';
  } else {
    durationInput.value = durationInput.dataset.typed ?? '';
  }
  durationInput.disabled = byEnd;
  durationInput.placeholder = byEnd ? 'set by the end time' : 'e.g. 3 or 2.5';
}

/** The field's label as the captain reads it ("Owner earnings ($)"). */
function labelOf(field: FormField): string {
  const label = form.querySelector<HTMLElement>(`[name="${field}"]`)?.closest('label');
  return label?.firstChild?.textContent?.trim() ?? field;
}

/** The quick checks, with the shared patterns. */
function clientErrors(v: BookingForm): FieldErrors {
  const e: FieldErrors = {};
  const text = (f: FormField) => (v[f] ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text('date'))) e.date = 'choose a date';
  if (!/^\d{1,2}:\d{2}$/.test(text('time'))) e.time = 'choose a start time';
  if (endGiven(v)) {
    if (!/^\d{1,2}:\d{2}$/.test(text('endTime'))) e.endTime = 'choose an end time';
    if (text('endDate') && !/^\d{4}-\d{2}-\d{2}$/.test(text('endDate')))
      e.endDate = 'choose a date';
  } else {
    const hours = Number(text('durationHours'));
    if (!/^\d+(\.\d+)?$/.test(text('durationHours')) || !(hours > 0))
      e.durationHours = 'hours, e.g. 3 or 2.5, or an end time';
    else if (hours * 60 < 15) e.durationHours = 'at least 15 minutes';
  }
  if (!text('guestName')) e.guestName = 'required';
  if (text('partySize') && !/^\d+$/.test(text('partySize'))) e.partySize = 'a whole number';
  if (!text('boat')) e.boat = 'required';
  if (text('bookingId') && !BOOKING_ID_PATTERN.test(text('bookingId')))
    e.bookingId = '4-32 letters, digits or dashes';
  for (const f of MONEY_FIELDS) {
    const cents = text(f) ? readMoney(text(f)) : 0;
    if (cents === null) e[f] = 'an amount, e.g. 840.75';
    else if (cents < 0) e[f] = 'must not be negative';
  }
  if (!text(revenueField) && !e[revenueField])
    e[revenueField] = 'required (Settings use it as revenue)';
  return e;
}

function showErrors(errors: FieldErrors): void {
  for (const span of Array.from(document.querySelectorAll<HTMLElement>('.error'))) {
    const field = span.dataset.for as FormField;
    span.textContent = errors[field] ?? '';
    span.parentElement?.classList.toggle('invalid', !!errors[field]);
  }
}

/** Marks the fields the preview still needs, and nothing else. */
function markNeeded(fields: FormField[]): void {
  for (const label of Array.from(form.querySelectorAll('label'))) label.classList.remove('needed');
  for (const f of fields) {
    form.querySelector(`[name="${f}"]`)?.closest('label')?.classList.add('needed');
  }
}

function needText(fields: FormField[]): void {
  preview.className = 'needs';
  preview.textContent = `To see the finances, fill in: ${fields.map(labelOf).join(', ')}.`;
}

/** The clash warning, or nothing when the boat is free (`clashes` empty). */
function showClash(clashes: readonly string[], refused: boolean): void {
  clashBox.hidden = clashes.length === 0;
  if (clashBox.hidden) return;
  const boat = (values().boat ?? '').trim() || 'The boat';
  byId('clash-text').textContent = refused
    ? `\u26a0 Not saved yet: ${boat} is already booked then:`
    : `\u26a0 ${boat} is already booked then:`;
  byId('clash-list').replaceChildren(
    ...clashes.map((line) => {
      const item = document.createElement('li');
      item.textContent = line;
      return item;
    }),
  );
  saveAnyway.disabled = false;
}

function renderPreview(result: PreviewResult): void {
  showClash(result.clashes ?? [], false);
  if (!result.ok) {
    const fields = Object.keys(result.fieldErrors) as FormField[];
    markNeeded(fields);
    if (fields.length) needText(fields);
    else {
      preview.className = 'needs';
      preview.textContent = result.message;
    }
    return;
  }
  markNeeded([]);
  const table = document.createElement('table');
  for (const line of result.lines) {
    const tr = table.insertRow();
    tr.insertCell().textContent = line.label;
    const amount = tr.insertCell();
    amount.className = 'amount';
    amount.textContent = line.amount;
  }
  const loss = result.netCents !== null && result.netCents < 0;
  preview.className = loss ? 'loss' : '';
  preview.replaceChildren(table);
  if (result.trip) {
    const trip = document.createElement('p');
    trip.id = 'trip';
    trip.textContent = `Trip: ${result.trip}`;
    preview.prepend(trip);
  }
  if (loss) {
    const warning = document.createElement('p');
    warning.className = 'loss-warning';
    warning.setAttribute('role', 'note');
    warning.textContent = `\u26a0 This charter loses ${formatUsd(-(result.netCents ?? 0))}: crew and port fee are more than it earns. You can still save it.`;
    preview.appendChild(warning);
  }
}

let timer: number | undefined;
let sequence = 0;
function schedulePreview(): void {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => {
    const v = values();
    const errors = clientErrors(v);
    const needed = neededForPreview(v).filter((f) => errors[f]);
    const wrong = MONEY_FIELDS.filter((f) => errors[f] && !needed.includes(f));
    if (needed.length || wrong.length) {
      showClash([], false);
      markNeeded([...needed, ...wrong]);
      needText([...needed, ...wrong]);
      return;
    }
    const mine = ++sequence;
    server.dialogPreviewFinance(v).then(
      (result) => {
        if (mine === sequence) renderPreview(result);
      },
      (error: Error) => {
        if (mine === sequence) preview.textContent = error.message;
      },
    );
  }, 300);
}

function setStatus(tone: 'ok' | 'warn' | 'bad' | '', text: string): void {
  statusEl.className = tone;
  statusEl.textContent = text;
}

async function submit(event: Event | null): Promise<void> {
  event?.preventDefault();
  const v = values();
  const errors = clientErrors(v);
  showErrors(errors);
  if (Object.keys(errors).length) {
    setStatus('bad', 'Please fix the highlighted fields.');
    return;
  }
  submitButton.disabled = true;
  saveAnyway.disabled = true;
  // A preview still pending from the last edit must not answer after the save does (it would
  // redraw the clash box without the save's "Not saved yet").
  window.clearTimeout(timer);
  sequence += 1;
  setStatus('', 'Saving and publishing\u2026');
  try {
    const result = await server.dialogSubmitBooking(v);
    showErrors(result.fieldErrors);
    if (!result.ok) {
      submitButton.disabled = false;
      if (result.clashes?.length) {
        // Refused only because of the clash: the warning, not the status, is where to look.
        showClash(result.clashes, true);
        setStatus('warn', 'Not saved yet: see the clash above.');
        clashBox.scrollIntoView({ block: 'nearest' });
        return;
      }
      setStatus('bad', result.message);
      return;
    }
    const confirmed = v.confirmClash === 'yes' ? Array.from(byId('clash-list').children) : [];
    clashBox.hidden = true;
    // Green only when everything was published; a partial save is amber, a refusal red.
    const tone =
      result.published === 'all' ? 'ok' : result.published === 'refused' ? 'bad' : 'warn';
    const marked = confirmed.map((item) => item.textContent?.split(' ')[0] ?? '').join(', ');
    setStatus(
      tone,
      marked ? `${result.message} Marked as clashing with ${marked}.` : result.message,
    );
    submitButton.textContent = 'Saved';
    if (tone === 'ok') window.setTimeout(() => google().host.close(), 4000);
  } catch (error) {
    submitButton.disabled = false;
    saveAnyway.disabled = false;
    setStatus('bad', `Not saved: ${(error as Error).message}`);
  }
}

/** "Save anyway": the same form again, this time confirming the clash the captain has seen. */
function saveDespiteClash(): void {
  confirmInput.value = 'yes';
  void submit(null);
}

/** Any edit withdraws a "Save anyway" confirmation and brings the length fields up to date. */
function edited(): void {
  confirmInput.value = '';
  syncLengthFields();
  schedulePreview();
}

function google(): { host: { close(): void } } {
  return (window as unknown as { google: { script: { host: { close(): void } } } }).google.script;
}

const zone = form.elements.namedItem('timeZone') as HTMLSelectElement | null;
if (zone?.dataset.default) zone.value = zone.dataset.default;
form.addEventListener('input', edited);
form.addEventListener('change', edited);
form.addEventListener('submit', (event) => void submit(event));
saveAnyway.addEventListener('click', saveDespiteClash);
byId('cancel').addEventListener('click', () => google().host.close());
byId('clash-cancel').addEventListener('click', () => google().host.close());
document.body.dataset.ready = 'true';
