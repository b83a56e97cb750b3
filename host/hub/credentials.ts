// The hub's credentials: one secret in the data folder from which every login is derived.
// A device logs in as username = its id with password = HMAC(secret, "device:" + id); the admin
// (push, bridge, the HTTP API, the dashboard) as "admin" with HMAC(secret, "admin").
// Deriving instead of storing a table means 19,800 devices need no registration step and checking a
// login costs one HMAC (the passwords are 128-bit random-equivalent, so a slow KDF adds nothing).
// Revoking a device is a line in revoked.json; rotating everything is deleting the secret. Devices that
// logged in once are listed in known.txt (appended on a device's first login), so a revoke can tell a
// typo from a device.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EspkitError } from '../../core/errors.ts';
import { isDeviceId } from '../../core/wire/push.ts';

export const ADMIN_USER = 'admin';
const SECRET_FILE = 'secret';
const REVOKED_FILE = 'revoked.json';
const KNOWN_FILE = 'known.txt';

export type Identity = { role: 'admin' } | { role: 'device'; device: string };

export class Credentials {
  readonly #secret: Buffer;
  readonly #revoked: Set<string>;
  readonly #dir: string | undefined;
  #revokedSeen = 0;
  #revokedCheckedAt = 0;

  constructor(secret: Buffer, revoked: Iterable<string> = [], dir?: string) {
    if (secret.length < 16) throw new EspkitError('the hub secret is too short (under 16 bytes): delete it to make a new one');
    this.#secret = secret;
    this.#revoked = new Set(revoked);
    this.#dir = dir;
  }

  readonly #known = new Set<string>();

  /**
   * Load the data folder's secret, making one (readable by the owner only) on first use unless
   * `create` is false: a client must not invent a secret that no running hub knows.
   */
  static load(dataDir: string, options: { create?: boolean } = {}): Credentials {
    const file = join(dataDir, SECRET_FILE);
    if (options.create === false && !existsSync(file)) {
      throw new EspkitError(`no hub secret in ${dataDir}: start \`espkit hub --data ${dataDir}\` once (it makes one), or give --create to make it now`);
    }
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!existsSync(file)) writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{32,}$/.test(hex)) throw new EspkitError(`${file} is not a hub secret (hex digits): delete it to make a new one`);
    const creds = new Credentials(Buffer.from(hex, 'hex'), [], dataDir);
    creds.#reloadRevoked(true);
    const known = join(dataDir, KNOWN_FILE);
    if (existsSync(known)) for (const id of readFileSync(known, 'utf8').split('\n')) if (id) creds.#known.add(id);
    return creds;
  }

  /** A device logged in: remember it (once) as one of this hub's devices. */
  #met(device: string): void {
    if (this.#known.has(device)) return;
    this.#known.add(device);
    if (this.#dir) appendFileSync(join(this.#dir, KNOWN_FILE), `${device}\n`);
  }

  /** Whether the device has ever logged in to this hub. */
  isKnown(device: string): boolean {
    return this.#known.has(device);
  }

  /** Pick up `espkit hub revoke` from another process: re-read revoked.json when it changes (checked at most once a second). */
  #reloadRevoked(force = false): void {
    if (!this.#dir) return;
    const now = Date.now();
    if (!force && now - this.#revokedCheckedAt < 1000) return;
    this.#revokedCheckedAt = now;
    const file = join(this.#dir, REVOKED_FILE);
    const mtime = existsSync(file) ? statSync(file).mtimeMs : 0;
    if (mtime === this.#revokedSeen) return;
    this.#revokedSeen = mtime;
    const list: unknown = mtime ? JSON.parse(readFileSync(file, 'utf8')) : [];
    this.#revoked.clear();
    if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') this.#revoked.add(id);
  }

  /** The same credentials without touching any file (tests, benchmarks). */
  static ephemeral(): Credentials {
    return new Credentials(randomBytes(32));
  }

  #derive(label: string): string {
    return createHmac('sha256', this.#secret).update(label).digest('base64url').slice(0, 24);
  }

  adminPassword(): string {
    return this.#derive(ADMIN_USER);
  }

  devicePassword(device: string): string {
    if (!isDeviceId(device)) throw new EspkitError(`"${device}" is not a device id`, { code: 2 });
    return this.#derive(`device:${device}`);
  }

  isRevoked(device: string): boolean {
    this.#reloadRevoked();
    return this.#revoked.has(device);
  }

  /**
   * Refuse a device from now on (kept in revoked.json when the credentials came from a folder). A device
   * that never logged in is refused as a likely typo unless `force`.
   */
  revoke(device: string, options: { force?: boolean } = {}): void {
    this.#reloadRevoked(true);
    if (this.#revoked.has(device)) throw new EspkitError(`${device} is already revoked (\`espkit hub restore ${device}\` undoes it)`);
    if (!options.force && !this.#known.has(device)) {
      throw new EspkitError(`${device} has never logged in to this hub: check the id, or give --force to revoke it before its first login`);
    }
    this.#revoked.add(device);
    this.#saveRevoked();
  }

  /** Accept a revoked device's login again. */
  restore(device: string): void {
    this.#reloadRevoked(true);
    if (!this.#revoked.has(device)) throw new EspkitError(`${device} is not revoked: nothing to restore`);
    this.#revoked.delete(device);
    this.#saveRevoked();
  }

  #saveRevoked(): void {
    if (this.#dir) writeFileSync(join(this.#dir, REVOKED_FILE), `${JSON.stringify([...this.#revoked].sort(), null, 1)}\n`);
  }

  /** Who a username/password pair is, or undefined when the login is wrong. */
  check(username: string | undefined, password: Buffer | string | undefined): Identity | undefined {
    if (username === undefined || password === undefined) return undefined;
    const given = Buffer.isBuffer(password) ? password : Buffer.from(password);
    if (username === ADMIN_USER) return same(given, this.adminPassword()) ? { role: 'admin' } : undefined;
    if (!isDeviceId(username) || this.isRevoked(username)) return undefined;
    if (!same(given, this.devicePassword(username))) return undefined;
    this.#met(username);
    return { role: 'device', device: username };
  }
}

function same(given: Buffer, expected: string): boolean {
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}
