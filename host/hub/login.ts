// One-time login links for the dashboard. Whoever started the hub (the demo) can print a link instead of
// asking people to copy the admin password into a browser prompt. A link works once and only for a few
// minutes; opening it gives that browser a session cookie (HttpOnly, SameSite=Strict, so other sites
// cannot make the browser use it), which the HTTP side accepts like the admin's Basic login.
import { randomBytes } from 'node:crypto';

export const LOGIN_PATH = '/login';
const COOKIE = 'espkit_session';

export interface LoginOptions {
  /** How long a link stays good, in ms (default 10 minutes). */
  linkMs?: number;
  /** How long a session lasts, in ms (default 12 hours). */
  sessionMs?: number;
}

export class DashboardLogins {
  readonly #links = new Map<string, number>();
  readonly #sessions = new Map<string, number>();
  readonly #linkMs: number;
  readonly #sessionMs: number;

  constructor(options: LoginOptions = {}) {
    this.#linkMs = options.linkMs ?? 10 * 60_000;
    this.#sessionMs = options.sessionMs ?? 12 * 3600_000;
  }

  /** How long a link stays good, in seconds. */
  get linkS(): number {
    return Math.round(this.#linkMs / 1000);
  }

  /** A fresh one-time token for a login link (`${LOGIN_PATH}?token=...`). */
  issue(): string {
    this.#prune();
    const token = randomBytes(24).toString('base64url');
    this.#links.set(token, Date.now() + this.#linkMs);
    return token;
  }

  /** Trade a link's token for a session id; undefined if it was used, has expired or was never issued. */
  redeem(token: string | null): string | undefined {
    if (!token) return undefined;
    const until = this.#links.get(token);
    this.#links.delete(token);
    if (until === undefined || until < Date.now()) return undefined;
    const session = randomBytes(24).toString('base64url');
    this.#sessions.set(session, Date.now() + this.#sessionMs);
    return session;
  }

  /** The Set-Cookie value for a session (Secure when the hub serves HTTPS). */
  cookie(session: string, secure: boolean): string {
    return `${COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(this.#sessionMs / 1000)}${secure ? '; Secure' : ''}`;
  }

  /** Does this Cookie header carry a live session? */
  valid(cookieHeader: string | undefined): boolean {
    if (!cookieHeader) return false;
    for (const part of cookieHeader.split(';')) {
      const [name, value] = part.trim().split('=', 2);
      if (name !== COOKIE || !value) continue;
      const until = this.#sessions.get(value);
      if (until !== undefined && until >= Date.now()) return true;
    }
    return false;
  }

  #prune(): void {
    const now = Date.now();
    for (const [k, until] of this.#links) if (until < now) this.#links.delete(k);
    for (const [k, until] of this.#sessions) if (until < now) this.#sessions.delete(k);
  }
}
