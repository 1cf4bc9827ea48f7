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

export interface MenuItem {
  label: string;
  fn: EntrypointName;
}

/** Every item of the "Charter" menu by name: messages name an item through menuPath. */
export const MENU = {
  newBooking: { label: 'New booking', fn: ENTRYPOINTS.menuNewBooking },
  processInbox: { label: 'Process inbox now', fn: ENTRYPOINTS.menuProcessInbox },
  retryFailed: { label: 'Retry failed steps', fn: ENTRYPOINTS.menuRetryFailed },
  openKanban: { label: 'Open kanban board', fn: ENTRYPOINTS.menuOpenKanban },
  monthReport: { label: 'Month report', fn: ENTRYPOINTS.menuMonthReport },
  installTriggers: { label: 'Install triggers', fn: ENTRYPOINTS.menuInstallTriggers },
  setupSheet: { label: 'Set up sheet', fn: ENTRYPOINTS.menuSetupSheet },
} as const satisfies Record<string, MenuItem>;

export type MenuKey = keyof typeof MENU;

/** The "Charter" menu, in order; null is a separator. */
export const MENU_ITEMS: ReadonlyArray<MenuItem | null> = [
  MENU.newBooking,
  MENU.processInbox,
  MENU.retryFailed,
  null,
  MENU.openKanban,
  MENU.monthReport,
  null,
  MENU.installTriggers,
  MENU.setupSheet,
];

/** How a message tells the captain where to click: "Charter > Set up sheet". */
export function menuPath(key: MenuKey): string {
  return `${MENU_TITLE} > ${MENU[key].label}`;
}
