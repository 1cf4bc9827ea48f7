/** The "Charter" menu, the trigger installer and the kanban link dialog. */
import { ENTRYPOINTS, INBOX_TRIGGER_MINUTES, MENU_ITEMS, MENU_TITLE } from '../entrypoints';
import { escapeHtml } from '../../shared/html';

export { INBOX_TRIGGER_MINUTES };

export function buildMenu(ui: GoogleAppsScript.Base.Ui): void {
  const menu = ui.createMenu(MENU_TITLE);
  for (const item of MENU_ITEMS) {
    if (item === null) menu.addSeparator();
    else menu.addItem(item.label, item.fn);
  }
  menu.addToUi();
}

export interface TriggerReport {
  created: boolean;
  removedDuplicates: number;
}

/** Exactly one time-driven trigger for the inbox, every 5 minutes; duplicates are deleted. */
export function installTriggers(scriptApp: GoogleAppsScript.Script.ScriptApp): TriggerReport {
  const mine = scriptApp
    .getProjectTriggers()
    .filter((t) => t.getHandlerFunction() === ENTRYPOINTS.inboxTrigger);
  const [keep, ...duplicates] = mine;
  for (const trigger of duplicates) scriptApp.deleteTrigger(trigger);
  if (!keep) {
    scriptApp
      .newTrigger(ENTRYPOINTS.inboxTrigger)
      .timeBased()
      .everyMinutes(INBOX_TRIGGER_MINUTES)
      .create();
  }
  return { created: !keep, removedDuplicates: duplicates.length };
}

export function describeTriggers(report: TriggerReport): string {
  const base = report.created
    ? `Installed: the inbox is checked every ${INBOX_TRIGGER_MINUTES} minutes.`
    : `Already installed: the inbox is checked every ${INBOX_TRIGGER_MINUTES} minutes.`;
  return report.removedDuplicates > 0
    ? `${base} Removed ${report.removedDuplicates} duplicate trigger(s).`
    : base;
}

/** The small dialog behind "Open kanban board". */
export function kanbanLinkHtml(url: string | null): string {
  if (url) {
    return `<div style="font-family:Arial,sans-serif;font-size:14px">
<p><a href="${escapeHtml(url)}" target="_blank" rel="noopener">Open the kanban board</a> (opens in a new tab).</p>
<p style="color:#555">Only you can open it: it shows revenue.</p></div>`;
  }
  return `<div style="font-family:Arial,sans-serif;font-size:14px">
<p>The kanban board is not deployed yet.</p>
<ol><li>Extensions &gt; Apps Script</li><li>Deploy &gt; New deployment &gt; type <b>Web app</b></li>
<li>Execute as: <b>Me</b>; Who has access: <b>Only myself</b></li><li>Deploy, then use this menu item again.</li></ol></div>`;
}
