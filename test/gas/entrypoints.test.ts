/**
 * The "Charter" menu is named once (gas/entrypoints.ts): every message that sends the captain to
 * a menu item spells its path through menuPath, so renaming an item renames it everywhere.
 */
import { MENU, MENU_ITEMS, MENU_TITLE, menuPath } from '../../gas/entrypoints';
import { HAND_WRITTEN, readSource, sourceFiles } from '../checks/source-files';

describe('Function: menuPath', () => {
  it('spells each item as the captain sees it in the sheet: "Charter > Set up sheet"', () => {
    expect(menuPath('setupSheet')).toBe('Charter > Set up sheet');
    expect(menuPath('retryFailed')).toBe(`${MENU_TITLE} > ${MENU.retryFailed.label}`);
  });

  it('names only items that are in the menu, each once', () => {
    const shown = MENU_ITEMS.filter((item) => item !== null);
    expect(new Set(shown)).toEqual(new Set(Object.values(MENU)));
    expect(shown).toHaveLength(Object.keys(MENU).length);
  });
});

describe('Menu paths in messages', () => {
  it('are never typed out by hand in Apps Script, shared or local code and pages (comments aside)', () => {
    // Prepare
    const typed = new RegExp(`${MENU_TITLE}\\s*(>|&gt;)\\s*\\w`);
    const files = sourceFiles(['gas', 'shared', 'local'], HAND_WRITTEN).filter(
      (f) => f !== 'gas/entrypoints.ts',
    );

    // Act
    const offenders = files.flatMap((file) =>
      readSource(file)
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line: line.trim() }))
        .filter(({ line }) => !/^(\/\/|\*|\/\*)/.test(line) && typed.test(line))
        .map(({ where, line }) => `${where}: ${line}`),
    );

    // Assess
    expect(offenders).toEqual([]);
  });
});
