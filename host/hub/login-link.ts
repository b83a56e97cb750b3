// A fresh one-time dashboard login link from the hub running from a data folder (`espkit hub login`, and
// the demo when it uses a running hub). The link is minted by the hub itself (POST /api/login-links with
// the admin login, which only whoever can read the folder's secret has), so it works in that hub's memory.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { existsSync, readFileSync } from 'node:fs';
import { EspkitError } from '../errors.ts';
import { ADMIN_USER, Credentials } from './credentials.ts';
import { findRunningHub } from './running.ts';

export interface LoginLink {
  url: string;
  /** How long it stays good, in seconds. */
  validS: number;
}

export async function requestLoginLink(dataDir: string): Promise<LoginLink> {
  const hub = findRunningHub(dataDir);
  if (!hub) throw new EspkitError(`no hub is running from ${dataDir}: start \`espkit hub\` (it prints a login link itself), or pass --hub DIR`);
  const password = Credentials.load(dataDir, { create: false }).adminPassword();
  const url = new URL('/api/login-links', hub.urls.http);
  const ca = url.protocol === 'https:' && hub.caFile && existsSync(hub.caFile) ? readFileSync(hub.caFile, 'utf8') : undefined;
  const { status, body } = await post(url, `${ADMIN_USER}:${password}`, ca);
  let answer: { path?: unknown; validS?: unknown; error?: unknown };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    answer = {};
  }
  if (status !== 201 || typeof answer.path !== 'string') {
    const why = typeof answer.error === 'string' ? answer.error : `HTTP ${status}`;
    throw new EspkitError(`the hub at ${hub.urls.http} gave no login link: ${why}${status === 401 ? ' (was its secret replaced? restart `espkit hub`)' : ''}`);
  }
  return { url: new URL(answer.path, hub.urls.http).toString(), validS: typeof answer.validS === 'number' ? answer.validS : 600 };
}

function post(url: URL, login: string, ca: string | undefined): Promise<{ status: number; body: string }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', auth: login, ca, timeout: 10_000, headers: { 'content-length': 0 } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', (err) => reject(new EspkitError(`cannot reach the hub at ${url.origin}: ${err.message}`, { cause: err })));
    req.end();
  });
}
