// The hub's HTTP side: the push API, a live event stream (Server-Sent Events) and the dashboard page.
// Everything here needs the admin login (HTTP Basic), since the hub listens where devices can reach it.
//
//   GET  /                         the dashboard (plain HTML/JS from ./dashboard)
//   GET  /api/devices              devices: online/offline, last seen, status info
//   GET  /api/devices/:id          one device
//   GET  /api/devices/:id/serial   the device's recent serial lines
//   GET  /api/devices/:id/events   the device's own events (its event topic), the last 50, newest last
//   POST /api/devices/:id/push     {"msg","ttl"?} -> 202 and the push record
//   POST /api/devices/:id/cmd      {"line"} -> a line for the board's console (through the bridge)
//   POST /api/push                 {"msg","ttl"?} -> a broadcast to all
//   GET  /api/pushes               the newest pushes
//   GET  /api/pushes/:id           one push: delivered, pending or expired, with its receipts
//   GET  /api/events               Server-Sent Events: "snapshot", then "update" batches (the name is the
//                                  stream's: the devices' own events are its "events" field)
//   GET  /login?token=...          a one-time login link (login.ts): a session cookie, then the dashboard
//   POST /api/login-links          a fresh one-time link ({"path": "/login?token=..."}), for `espkit hub login`;
//                                  the admin's Basic login only, so a browser session cannot mint more of them
//   GET  /api/ota                  firmware over WiFi: the current rollout (or null) and every device's OTA state
//   POST /api/ota                  start a rollout (host/ota/request.ts: {"version","image" base64,"target",...}) -> 202
//   DELETE /api/ota                stop the running rollout (its manifest is cleared) -> 202
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import type { Fleet, DeviceEvent, DeviceView, PushView, SerialLine } from './fleet.ts';
import { ADMIN_USER } from './credentials.ts';
import { LOGIN_PATH, type DashboardLogins } from './login.ts';
import { checkDeviceId } from '../../core/wire/push.ts';
import { oneLine, UsageError } from '../../core/errors.ts';
import type { OtaService } from '../ota/service.ts';
import type { RolloutView } from '../ota/rollout.ts';
import { parseRolloutBody } from '../ota/request.ts';

export interface ApiActions {
  /** Send a push to a device or to "all"; throws UsageError for a bad message, a `notFound` error for an unknown device. */
  push(target: string, msg: string, ttl: number | undefined): Promise<PushView>;
  /** Send a console line to a device's bridge. */
  cmd(device: string, line: string): Promise<void>;
}

export interface ApiOptions {
  fleet: Fleet;
  actions: ApiActions;
  adminPassword: string;
  /** One-time login links, as well as the admin's Basic login. */
  logins?: DashboardLogins;
  /** Firmware over WiFi, where the process serves chunks (the embedded hub). */
  ota?: OtaService;
  /** Milliseconds between batched updates on the event stream. */
  updateEveryMs?: number;
}

const DASHBOARD: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};
const MAX_BODY = 16 * 1024;
/** A rollout request carries the image in base64: room for the largest image (host/ota/image.ts). */
const MAX_OTA_BODY = 1024 * 1024;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

async function readJson(req: IncomingMessage, limit = MAX_BODY): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `the request body is over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    const v: unknown = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'the request body is not a JSON object (send {"msg": "..."})');
  }
}

function ttlOf(body: Record<string, unknown>): number | undefined {
  if (body.ttl === undefined) return undefined;
  if (typeof body.ttl !== 'number') throw new HttpError(400, '"ttl" must be a number of seconds');
  return body.ttl;
}

function msgOf(body: Record<string, unknown>): string {
  if (typeof body.msg !== 'string') throw new HttpError(400, 'give the message as {"msg": "..."}');
  return body.msg;
}

/** The request handler; returns false for paths it does not serve (so WebSocket upgrades pass by). */
export function createApi(options: ApiOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { fleet, actions } = options;
  const expected = Buffer.from(`Basic ${Buffer.from(`${ADMIN_USER}:${options.adminPassword}`).toString('base64')}`);
  const pages = new Map<string, Buffer>();
  const page = (file: string): Buffer => {
    let b = pages.get(file);
    if (!b) pages.set(file, (b = readFileSync(new URL(`./dashboard/${file}`, import.meta.url))));
    return b;
  };

  const isAdmin = (req: IncomingMessage): boolean => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const authorized = (req: IncomingMessage): boolean => isAdmin(req) || options.logins?.valid(req.headers.cookie) === true;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === LOGIN_PATH && method === 'GET' && options.logins) {
      const session = options.logins.redeem(url.searchParams.get('token'));
      if (!session) throw new HttpError(401, 'this login link was used already or has expired: log in as admin with the hub\'s admin password instead');
      res.writeHead(303, { location: '/', 'set-cookie': options.logins.cookie(session, 'encrypted' in req.socket), 'cache-control': 'no-store' });
      res.end();
      return;
    }
    if (!authorized(req)) {
      res.setHeader('www-authenticate', 'Basic realm="espkit hub", charset="UTF-8"');
      return send(res, 401, { error: 'log in as admin with the hub\'s admin password (`espkit hub credentials` shows it)' });
    }
    const asset = DASHBOARD[path];
    if (asset && method === 'GET') {
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
      res.end(page(asset.file));
      return;
    }
    if (path === '/api/events' && method === 'GET') return events(req, res);
    if (path === '/api/login-links' && method === 'POST' && options.logins) {
      if (!isAdmin(req)) throw new HttpError(403, 'login links are for the admin login (`espkit hub login`), not for a browser session');
      return send(res, 201, { path: `${LOGIN_PATH}?token=${options.logins.issue()}`, validS: options.logins.linkS });
    }
    if (path === '/api/devices' && method === 'GET') return send(res, 200, fleet.devices());
    if (path === '/api/ota') return otaRoute(req, res, method);
    if (path === '/api/push' && method === 'POST') {
      const body = await readJson(req);
      return send(res, 202, await actions.push('all', msgOf(body), ttlOf(body)));
    }
    if (path === '/api/pushes' && method === 'GET') return send(res, 200, fleet.pushes(Number(url.searchParams.get('limit') ?? 50) || 50));
    let m = /^\/api\/pushes\/([^/]+)$/.exec(path);
    if (m && method === 'GET') {
      const p = fleet.push(decodeURIComponent(m[1]!));
      if (!p) throw new HttpError(404, `no push with id ${m[1]} (the hub keeps the last 1000)`);
      return send(res, 200, p);
    }
    m = /^\/api\/devices\/([^/]+)$/.exec(path);
    if (m && method === 'GET') {
      const d = fleet.device(checkDeviceId(decodeURIComponent(m[1]!)));
      if (!d) throw new HttpError(404, `no device ${m[1]} here (it has never connected to this hub)`);
      return send(res, 200, d);
    }
    m = /^\/api\/devices\/([^/]+)\/(push|cmd|serial|events)$/.exec(path);
    if (m) {
      const device = checkDeviceId(decodeURIComponent(m[1]!));
      if (m[2] === 'serial' && method === 'GET') return send(res, 200, fleet.serial(device));
      if (m[2] === 'events' && method === 'GET') return send(res, 200, fleet.events(device));
      if (m[2] === 'push' && method === 'POST') {
        const body = await readJson(req);
        return send(res, 202, await actions.push(device, msgOf(body), ttlOf(body)));
      }
      if (m[2] === 'cmd' && method === 'POST') {
        const body = await readJson(req);
        if (typeof body.line !== 'string') throw new HttpError(400, 'give the console line as {"line": "..."}');
        // nobody reads the cmd topic without a bridge: say so rather than publish into the void
        if (fleet.seesBridges && fleet.device(device)?.bridge !== true) {
          throw new HttpError(409, `no bridge for ${device} is connected, so nothing would reach its console: run \`espkit bridge --device ${device}\` (or \`espkit monitor --bridge\`) where the board is plugged in`);
        }
        await actions.cmd(device, body.line);
        return send(res, 202, { device, line: body.line });
      }
    }
    throw new HttpError(path.startsWith('/api/') && /^\/api\/(devices|push|pushes)/.test(path) ? 405 : 404, `no ${method} ${path} here`);
  }

  async function otaRoute(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const ota = options.ota;
    if (!ota) throw new HttpError(404, 'this hub does not serve firmware over WiFi (its broker is external: run `espkit ota --broker URL`)');
    if (method === 'GET') return send(res, 200, { rollout: ota.current(), devices: ota.deviceStates() });
    if (method === 'POST') {
      const request = parseRolloutBody(await readJson(req, MAX_OTA_BODY));
      try {
        return send(res, 202, await ota.start(request));
      } catch (err) {
        if ((err as Error).name === 'RolloutBusyError') throw new HttpError(409, (err as Error).message);
        throw err;
      }
    }
    if (method === 'DELETE') {
      const view = ota.cancel();
      if (!view) throw new HttpError(409, 'no rollout is running');
      return send(res, 202, view);
    }
    throw new HttpError(405, `no ${method} /api/ota here`);
  }

  // One event stream per open dashboard; updates are batched so a fleet's connect storm or a
  // broadcast's receipts arrive as a few messages, not one per device.
  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    const snapshot = { devices: fleet.devices(), pushes: fleet.pushes(), pushCount: fleet.pushCount, events: fleet.recentEvents(), rollout: options.ota?.current() ?? null };
    res.write(`event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
    const devices = new Map<string, DeviceView>();
    const pushes = new Map<string, PushView>();
    let serial: SerialLine[] = [];
    let events: DeviceEvent[] = [];
    let rollout: RolloutView | undefined;
    let timer: NodeJS.Timeout | undefined;
    const flush = (): void => {
      timer = undefined;
      const update = { devices: [...devices.values()], pushes: [...pushes.values()], serial, events, ...(rollout ? { rollout } : {}) };
      rollout = undefined;
      devices.clear();
      pushes.clear();
      serial = [];
      events = [];
      res.write(`event: update\ndata: ${JSON.stringify(update)}\n\n`);
    };
    const soon = (): void => {
      timer ??= setTimeout(flush, options.updateEveryMs ?? 200);
    };
    const onDevice = (d: DeviceView): void => void (devices.set(d.id, d), soon());
    const onPush = (p: PushView): void => void (pushes.set(p.id, p), soon());
    const onSerial = (s: SerialLine): void => void (serial.push(s), soon());
    const onEvent = (e: DeviceEvent): void => void (events.push(e), soon());
    fleet.on('device', onDevice);
    fleet.on('push', onPush);
    fleet.on('serial', onSerial);
    fleet.on('event', onEvent);
    const onRollout = (r: RolloutView): void => void ((rollout = r), soon());
    options.ota?.on('rollout', onRollout);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepalive);
      if (timer) clearTimeout(timer);
      fleet.off('device', onDevice);
      fleet.off('push', onPush);
      fleet.off('serial', onSerial);
      fleet.off('event', onEvent);
      options.ota?.off('rollout', onRollout);
    });
  }

  return (req, res) => {
    route(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : err instanceof UsageError ? 400 : (err as Error)?.name === 'UnknownDeviceError' ? 404 : 500;
      if (!res.headersSent) send(res, status, { error: oneLine(err) });
      else res.end();
    });
  };
}
