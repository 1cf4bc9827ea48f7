import { existsSync } from 'node:fs';
import {
  chooseChromium,
  launchChromium,
  SYSTEM_CHROMIUM_ARGS,
} from '../../../local/browser/chromium';

const DEBIAN = '/usr/bin/chromium';

describe('Module: local/browser/chromium', () => {
  describe('Function: chooseChromium', () => {
    it("uses Debian's Chromium with the offline headless flags when it is installed", () => {
      if (!existsSync(DEBIAN)) return; // a bare machine: the next test covers it
      expect(chooseChromium({})).toEqual({
        source: 'system',
        executablePath: DEBIAN,
        args: SYSTEM_CHROMIUM_ARGS,
      });
    });

    it("falls back to the npm package's Chromium when no system Chromium is found", () => {
      const choice = chooseChromium({
        CHROMIUM_PATH: '/nonexistent/chromium',
        CHARTER_CHROMIUM: 'bundled',
      });
      expect(choice.source).toBe('bundled');
      expect(existsSync(choice.executablePath)).toBe(true);
      expect(choice.args).toContain('--no-sandbox');
      expect(existsSync(choice.env?.FONTCONFIG_FILE ?? '')).toBe(true);
    });

    it('takes a path to an executable', () => {
      expect(chooseChromium({ CHARTER_CHROMIUM: process.execPath })).toMatchObject({
        source: 'path',
        executablePath: process.execPath,
      });
    });

    it('refuses a path that does not exist, saying what it accepts', () => {
      expect(() => chooseChromium({ CHARTER_CHROMIUM: '/no/such/chromium' })).toThrow(
        /no such file \(use auto, system, bundled or a path\)/,
      );
    });

    it('says how to install Chromium when the system one is demanded and missing', () => {
      if (existsSync(DEBIAN) || existsSync('/usr/lib/chromium/chromium')) {
        expect(chooseChromium({ CHARTER_CHROMIUM: 'system' }).source).toBe('system');
      } else {
        expect(() => chooseChromium({ CHARTER_CHROMIUM: 'system' })).toThrow(
          /apt-get install -y chromium/,
        );
      }
    });
  });

  describe('Function: launchChromium', () => {
    it('renders a page with text', async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 320, height: 120 } });
        await page.setContent('<h1>Charter</h1>');
        const box = await page.locator('h1').boundingBox();
        expect(box?.height).toBeGreaterThan(10); // no fonts would give text no height
      } finally {
        await browser.close();
      }
    });
  });
});
