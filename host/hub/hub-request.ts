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

export function hubRequest(hub: RunningHub, method: 'GET' | 'POST', path: string): Promise<HubAnswer> {
  const login = `${ADMIN_USER}:${Credentials.load(hub.dataDir, { create: false }).adminPassword()}`;
  const url = new URL(path, hub.urls.http);
  const ca = url.protocol === 'https:' && hub.caFile && existsSync(hub.caFile) ? readFileSync(hub.caFile, 'utf8') : undefined;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, auth: login, ca, timeout: 10_000, headers: method === 'POST' ? { 'content-length': 0 } : {} }, (res) => {
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
    req.end();
  });
}
