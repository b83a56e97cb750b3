// One request to the HTTP API of the hub running from a data folder, with the admin login derived from
// the folder's secret and the hub's CA for HTTPS: for `espkit hub login` and the demo on a running hub.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { existsSync, readFileSync } from 'node:fs';
import { EspkitError } from '../../core/errors.ts';
import { ADMIN_USER, Credentials } from './credentials.ts';
import type { RunningHub } from './running.ts';

export interface HubAnswer {
  status: number;
  /** The JSON body, or undefined when it was not JSON. */
  body: unknown;
}

/** `body`, when given, goes as JSON (a rollout carries its image in it). */
export function hubRequest(hub: RunningHub, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<HubAnswer> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const login = `${ADMIN_USER}:${Credentials.load(hub.dataDir, { create: false }).adminPassword()}`;
  const url = new URL(path, hub.urls.http);
  const ca = url.protocol === 'https:' && hub.caFile && existsSync(hub.caFile) ? readFileSync(hub.caFile, 'utf8') : undefined;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, auth: login, ca, timeout: 10_000, headers: method === 'GET' ? {} : { 'content-length': payload?.length ?? 0, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', (err) => reject(new EspkitError(`cannot reach the hub at ${url.origin}: ${err.message}`, { cause: err })));
    req.end(payload);
  });
}
