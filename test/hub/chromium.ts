// Debian's Chromium driven by playwright-core, for the dashboard tests: headless, no sandbox (containers),
// nothing fetched in the background, a fresh profile each run, logged in as the hub's admin.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
export const NO_CHROMIUM = 'chromium is not installed (apt-get install chromium)';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A browser with its own profile; `password` logs it in as admin (HTTP Basic), else it is not logged in. */
export async function openBrowser(password?: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'espkit-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      ...(password ? { httpCredentials: { username: 'admin', password } } : {}),
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 1,
    });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}
