// Espruino's online module library, as the Web IDE reads it: BASE/NAME.min.js, and BASE/NAME.js when there is
// no minified file. The base is $ESPKIT_MODULES_URL (a local mirror, or a test's server), else espruino.com.

export const DEFAULT_MODULES_URL = 'https://www.espruino.com/modules/';

/** The files of a module the library may have, in the order they are tried. */
export const LIBRARY_FILES = (name: string): string[] => [`${name}.min.js`, `${name}.js`];

/** How long one download may take before the library counts as unreachable. */
const FETCH_TIMEOUT_MS = 20_000;

export function modulesBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.ESPKIT_MODULES_URL || DEFAULT_MODULES_URL;
  return base.endsWith('/') ? base : `${base}/`;
}

/** ESPKIT_OFFLINE=1 (or true/yes): never go online; the local folders and the cache must have every module. */
export function isOffline(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env.ESPKIT_OFFLINE ?? '');
}

export type Download =
  | { ok: true; text: string }
  /** The server answered, without the file (404 and the like). */
  | { ok: false; missing: true; why: string }
  /** No answer: no network, a refused connection, a timeout. */
  | { ok: false; missing: false; why: string };

/** One GET; the outcome says whether the library answered at all. */
export async function download(url: string): Promise<Download> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, missing: false, why: cause?.code ?? cause?.message ?? (err as Error).message };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { ok: false, missing: true, why: `HTTP ${response.status}` };
  }
  return { ok: true, text: await response.text() };
}
