/**
 * What the captain can do on the board and what each action sends to the server. Moves are
 * optimistic: the card moves at once, the server confirms or refuses; a refusal puts the card
 * where the sheet says it is and says why. Moves of one card are sent one after another, each
 * with the version the previous one produced.
 */
import { CANCELLED_LANE } from '../../../shared/kanban';
import type { BoardServer } from '../../kanban/server';
import type { BoardState, MoveResult, StepView } from '../../kanban/types';
import type { ServerFunctions } from '../rpc';
import { BoardView } from './board-view';
import { cardLabel } from './card-view';
import { hideDetail, renderDetail, showDetailError, showDetailLoading } from './detail-view';
import { cardElement } from './dom';
import { announce, ask, clearAlert, showAlert } from './notices';
import { renderReport } from './report-view';
import { $ } from './dom';
import { BoardModel, type Filter } from './state';

export class BoardActions {
  readonly model = new BoardModel();
  readonly view: BoardView;
  /** Per card: the chain of its moves in flight, how many, and a generation bumped on refusal. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly pending = new Map<string, number>();
  private readonly generation = new Map<string, number>();
  /** A refusal showed the board was out of date: reload it once no move is in flight. */
  private reloadWhenIdle = false;
  detailFor: string | null = null;
  private focusBeforeDetail: { id: string; details: boolean } | null = null;

  constructor(private readonly server: ServerFunctions<BoardServer>) {
    this.view = new BoardView(this.model, (id) => (this.pending.get(id) ?? 0) > 0);
  }

  apply(state: BoardState): void {
    this.model.load(state);
    this.view.renderAll();
  }

  setFilter(filter: Filter): void {
    this.model.filter = filter;
    this.view.renderAll();
  }

  /** The cards doGet's first screen left out: loaded once that screen is drawn. */
  async loadRest(): Promise<void> {
    if (this.model.leftOut === 0) return;
    try {
      const state = await this.server.boardLoad();
      if (this.model.addRest(state)) this.view.renderAll();
      else this.view.renderFilter();
    } catch (error) {
      showAlert(`Could not load the whole board: ${(error as Error).message}`);
    }
  }

  async refresh(): Promise<void> {
    if (this.queues.size > 0) return; // never overwrite moves in flight
    try {
      this.apply(await this.server.boardLoad());
    } catch (error) {
      showAlert(`Could not load the board: ${(error as Error).message}`);
    }
  }

  label(id: string): string {
    const card = this.model.shown.get(id);
    return card ? cardLabel(card, this.model.today) : id;
  }

  /** Moving a cancelled card out of Cancelled asks first. */
  async requestMove(id: string, toLane: string): Promise<void> {
    const card = this.model.shown.get(id);
    if (!card || card.lane === toLane || !this.model.movableLanes.includes(toLane)) return;
    if (card.lane === CANCELLED_LANE) {
      const yes = await ask(
        `${this.label(id)} was cancelled. Moving it to "${toLane}" does not book it again: its calendar entry, crew event and guest page stay withdrawn. Move it anyway?`,
        `Move to ${toLane}`,
        'Keep it in Cancelled',
      );
      cardElement(id)?.focus();
      if (!yes) return;
      this.move(id, toLane, true);
      return;
    }
    this.move(id, toLane, false);
  }

  private move(id: string, toLane: string, confirmCancelled: boolean): void {
    const card = this.model.shown.get(id);
    if (!card) return;
    clearAlert();
    const gen = this.generation.get(id) ?? 0;
    this.model.shown.set(id, { ...card, lane: toLane });
    this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
    this.view.updateCard(id);

    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        if ((this.generation.get(id) ?? 0) !== gen) return; // an earlier move was refused
        const base = this.model.confirmed.get(id);
        if (!base) return;
        let result: MoveResult;
        try {
          result = await this.server.boardMoveCard({
            bookingId: id,
            toLane,
            expectedVersion: base.version,
            confirmCancelled,
          });
        } catch (error) {
          result = {
            ok: false,
            code: 'sheet-error',
            message: `The move could not be saved: ${(error as Error).message}`,
            current: null,
          };
        }
        this.settle(id, toLane, result);
      } finally {
        this.pending.set(id, (this.pending.get(id) ?? 1) - 1);
        const idle = (this.pending.get(id) ?? 0) === 0;
        if (this.queues.get(id) === next && idle) this.queues.delete(id);
        if (idle) this.view.updateCard(id); // the saving mark goes, the version is the server's
        if (this.reloadWhenIdle && this.queues.size === 0) {
          this.reloadWhenIdle = false;
          void this.refresh();
        }
      }
    });
    this.queues.set(id, next);
  }

  private settle(id: string, toLane: string, result: MoveResult): void {
    if (result.ok) {
      this.model.confirmed.set(id, result.card);
      const view = this.model.shown.get(id);
      // Later moves of this card may already be shown; keep their lane, take the new version.
      this.model.shown.set(id, { ...result.card, lane: view?.lane ?? result.card.lane });
      announce(`Moved ${this.label(id)} to ${toLane}.`, id);
      return;
    }
    this.generation.set(id, (this.generation.get(id) ?? 0) + 1);
    if (result.code === 'version-conflict' || result.code === 'unknown-booking') {
      this.reloadWhenIdle = true; // other cards may have changed too
    }
    if (result.code === 'unknown-booking') {
      this.model.confirmed.delete(id);
      this.model.shown.delete(id);
    } else {
      if (result.current) this.model.confirmed.set(id, result.current);
      const truth = this.model.confirmed.get(id);
      if (truth) this.model.shown.set(id, truth);
    }
    this.view.updateCard(id);
    showAlert(result.message);
  }

  /** Switches between the lanes and the month report (loaded fresh each time it opens). */
  async toggleReport(): Promise<void> {
    const report = $('report');
    const opening = report.hidden;
    report.hidden = !opening;
    $('board').hidden = opening;
    $('view-toggle').textContent = opening ? 'Board' : 'Report';
    $('view-toggle').setAttribute('aria-pressed', String(opening));
    if (!opening) return;
    $('report-body').replaceChildren();
    try {
      renderReport(await this.server.boardReport());
    } catch (error) {
      renderReport({
        ok: false,
        message: `Could not load the report: ${(error as Error).message}`,
      });
    }
  }

  async openDetail(id: string): Promise<void> {
    const active = document.activeElement;
    this.focusBeforeDetail = { id, details: !!active?.closest('button.details, button.attention') };
    this.detailFor = id;
    showDetailLoading(this.label(id));
    try {
      const result = await this.server.boardCardDetail(id);
      if (this.detailFor !== id) return;
      if (result.ok) renderDetail(result.detail);
      else showDetailError(result.message);
    } catch (error) {
      if (this.detailFor === id)
        showDetailError(`Could not load the details: ${(error as Error).message}`);
    }
  }

  closeDetail(): void {
    this.detailFor = null;
    hideDetail();
    const back = this.focusBeforeDetail;
    this.focusBeforeDetail = null;
    if (!back) return;
    const card = cardElement(back.id);
    (back.details ? card?.querySelector<HTMLElement>('button.details') : card)?.focus();
  }

  /** "Retry now" on a card that gave up: one click sends the booking again with a fresh schedule. */
  async retryFromCard(id: string, button: HTMLButtonElement): Promise<void> {
    const step = button.dataset.step as StepView['step'] | undefined;
    if (!step || button.disabled) return;
    button.disabled = true;
    button.textContent = 'Retrying\u2026';
    try {
      const result = await this.server.boardRetryStep({ bookingId: id, step });
      if (result.ok) announce(result.message, id);
      else showAlert(result.message);
    } catch (error) {
      showAlert(`The retry could not run: ${(error as Error).message}`);
    }
    await this.refresh();
  }

  async retryStep(button: HTMLButtonElement): Promise<void> {
    const id = this.detailFor;
    const step = button.dataset.step as StepView['step'] | undefined;
    if (!id || !step) return;
    button.disabled = true;
    button.textContent = 'Retrying\u2026';
    try {
      const result = await this.server.boardRetryStep({ bookingId: id, step });
      if (this.detailFor !== id) return;
      const stillFailing = result.detail?.card.alerts ?? [];
      const tone = result.ok
        ? 'ok'
        : stillFailing.length > 0 && stillFailing.every((a) => a.severity === 'amber')
          ? 'warn'
          : 'error';
      if (result.detail) renderDetail(result.detail, { tone, text: result.message });
      else showAlert(result.message);
      void this.refresh();
    } catch (error) {
      button.disabled = false;
      button.textContent = 'Retry';
      showAlert(`The retry could not run: ${(error as Error).message}`);
    }
  }
}
