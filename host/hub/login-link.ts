// A fresh one-time dashboard login link from the hub running from a data folder (`espkit hub login`, and
// the demo when it uses a running hub). The link is minted by the hub itself (POST /api/login-links with
// the admin login, which only whoever can read the folder's secret has), so it works in that hub's memory.
import { EspkitError } from '../../core/errors.ts';
import { findRunningHub } from './running.ts';
import { hubRequest } from './hub-request.ts';

export interface LoginLink {
  url: string;
  /** How long it stays good, in seconds. */
  validS: number;
}

export async function requestLoginLink(dataDir: string): Promise<LoginLink> {
  const hub = findRunningHub(dataDir);
  if (!hub) throw new EspkitError(`no hub is running from ${dataDir}: start \`espkit hub\` (it prints a login link itself), or pass --hub DIR`);
  const { status, body } = await hubRequest(hub, 'POST', '/api/login-links');
  const answer = (typeof body === 'object' && body !== null ? body : {}) as { path?: unknown; validS?: unknown; error?: unknown };
  if (status !== 201 || typeof answer.path !== 'string') {
    const why = typeof answer.error === 'string' ? answer.error : `HTTP ${status}`;
    throw new EspkitError(`the hub at ${hub.urls.http} gave no login link: ${why}${status === 401 ? ' (was its secret replaced? restart `espkit hub`)' : ''}`);
  }
  return { url: new URL(answer.path, hub.urls.http).toString(), validS: typeof answer.validS === 'number' ? answer.validS : 600 };
}
