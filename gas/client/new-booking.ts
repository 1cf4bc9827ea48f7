/**
 * The "New booking" dialog in the browser. It checks the form with the same rules the server uses
 * (the shared booking-id pattern and money parser) for speed, never for safety: the server checks
 * everything again with the booking schema. The finance preview names exactly the fields it
 * still needs and highlights them; a loss is shown in red with a warning.
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
const revenueField: FormField =
  form.dataset.revenueBasis === 'boatPrice' ? 'boatPrice' : 'ownerEarnings';
/** What the finance preview needs before it can be computed. */
const NEEDED_FOR_PREVIEW: FormField[] = [
  'date',
  'time',
  'durationHours',
  'guestName',
  'boat',
  revenueField,
];

function values(): BookingForm {
  const out: BookingForm = {};
  for (const element of Array.from(form.elements)) {
    const input = element as HTMLInputElement;
    if (input.name) out[input.name as FormField] = input.value;
  }
  return out;
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
  const hours = Number(text('durationHours'));
  if (!/^\d+(\.\d+)?$/.test(text('durationHours')) || !(hours > 0))
    e.durationHours = 'hours, e.g. 3 or 2.5';
  else if (hours * 60 < 15) e.durationHours = 'at least 15 minutes';
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

function renderPreview(result: PreviewResult): void {
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
    const needed = NEEDED_FOR_PREVIEW.filter((f) => errors[f]);
    const wrong = MONEY_FIELDS.filter((f) => errors[f] && !needed.includes(f));
    if (needed.length || wrong.length) {
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

async function submit(event: Event): Promise<void> {
  event.preventDefault();
  const v = values();
  const errors = clientErrors(v);
  showErrors(errors);
  if (Object.keys(errors).length) {
    setStatus('bad', 'Please fix the highlighted fields.');
    return;
  }
  submitButton.disabled = true;
  setStatus('', 'Saving and publishing\u2026');
  try {
    const result = await server.dialogSubmitBooking(v);
    showErrors(result.fieldErrors);
    if (!result.ok) {
      submitButton.disabled = false;
      setStatus('bad', result.message);
      return;
    }
    // Green only when everything was published; a partial save is amber, a refusal red.
    const tone =
      result.published === 'all' ? 'ok' : result.published === 'refused' ? 'bad' : 'warn';
    setStatus(tone, result.message);
    submitButton.textContent = 'Saved';
    if (tone === 'ok') window.setTimeout(() => google().host.close(), 4000);
  } catch (error) {
    submitButton.disabled = false;
    setStatus('bad', `Not saved: ${(error as Error).message}`);
  }
}

function google(): { host: { close(): void } } {
  return (window as unknown as { google: { script: { host: { close(): void } } } }).google.script;
}

const zone = form.elements.namedItem('timeZone') as HTMLSelectElement | null;
if (zone?.dataset.default) zone.value = zone.dataset.default;
form.addEventListener('input', schedulePreview);
form.addEventListener('change', schedulePreview);
form.addEventListener('submit', (event) => void submit(event));
byId('cancel').addEventListener('click', () => google().host.close());
document.body.dataset.ready = 'true';
