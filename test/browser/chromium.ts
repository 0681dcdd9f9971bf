/** Debian's Chromium driven by playwright-core (no browser download), with the flags this machine needs. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether Chromium is installed (CI installs it; .ci/run). */
export const hasChromium = existsSync(CHROMIUM);

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // playwright gives every launch a fresh, empty user-data-dir of its own
  });
}

/** Where screenshots go, for a developer to look at. */
export const SCREENSHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname;
