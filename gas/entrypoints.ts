/**
 * Every name Apps Script calls us by: menu callbacks, trigger handlers, doGet and the
 * google.script.run targets. Defined once; gas/main.ts exposes a top-level function for each,
 * the menu and the trigger installer refer to them through this object, and a test checks that
 * the built Code.js has every one of them as a top-level function.
 */
export const ENTRYPOINTS = {
  // Simple trigger and web app
  onOpen: 'onOpen',
  doGet: 'doGet',
  // Menu "Charter"
  menuNewBooking: 'menuNewBooking',
  menuProcessInbox: 'menuProcessInbox',
  menuRetryFailed: 'menuRetryFailed',
  menuInstallTriggers: 'menuInstallTriggers',
  menuOpenKanban: 'menuOpenKanban',
  menuSetupSheet: 'menuSetupSheet',
  menuMonthReport: 'menuMonthReport',
  // Installable time-driven trigger
  inboxTrigger: 'processInboxTrigger',
  // google.script.run: the "New booking" dialog
  dialogPreviewFinance: 'dialogPreviewFinance',
  dialogSubmitBooking: 'dialogSubmitBooking',
  // google.script.run: the kanban board
  boardLoad: 'boardLoad',
  boardMoveCard: 'boardMoveCard',
  boardCardDetail: 'boardCardDetail',
  boardRetryStep: 'boardRetryStep',
  boardReport: 'boardReport',
} as const;

export type EntrypointName = (typeof ENTRYPOINTS)[keyof typeof ENTRYPOINTS];

export const MENU_TITLE = 'Charter';

/** How often the installed time-driven trigger reads the inbox (and retries failed steps). */
export const INBOX_TRIGGER_MINUTES = 5;

/** The "Charter" menu, in order; null is a separator. */
export const MENU_ITEMS: ReadonlyArray<{ label: string; fn: EntrypointName } | null> = [
  { label: 'New booking', fn: ENTRYPOINTS.menuNewBooking },
  { label: 'Process inbox now', fn: ENTRYPOINTS.menuProcessInbox },
  { label: 'Retry failed steps', fn: ENTRYPOINTS.menuRetryFailed },
  null,
  { label: 'Open kanban board', fn: ENTRYPOINTS.menuOpenKanban },
  { label: 'Month report', fn: ENTRYPOINTS.menuMonthReport },
  null,
  { label: 'Install triggers', fn: ENTRYPOINTS.menuInstallTriggers },
  { label: 'Set up sheet', fn: ENTRYPOINTS.menuSetupSheet },
];
