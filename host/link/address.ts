// Port names: a serial device path, socket://host:port, rfc2217://host:port, or auto.
import { UsageError } from '../../core/errors.ts';

export type PortAddress =
  | { kind: 'serial'; path: string }
  | { kind: 'socket' | 'rfc2217'; host: string; port: number }
  | { kind: 'auto' };

export function parsePortName(name: string): PortAddress {
  if (name === 'auto') return { kind: 'auto' };
  const m = /^([a-z0-9]+):\/\/(.*)$/i.exec(name);
  if (!m) return { kind: 'serial', path: name };
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'socket' && scheme !== 'rfc2217') {
    throw new UsageError(`unknown port scheme "${scheme}://" in "${name}": use a device path, socket://host:port, rfc2217://host:port or auto`);
  }
  // pyserial-style options after "?" (e.g. ?logging=debug) are accepted and ignored.
  const hostPort = m[2]!.split('?')[0]!.replace(/\/$/, '');
  const hp = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(hostPort);
  const port = hp ? Number(hp[2]) : NaN;
  if (!hp || port < 1 || port > 65535) {
    throw new UsageError(`bad port name "${name}": expected ${scheme}://host:port with a port from 1 to 65535`);
  }
  return { kind: scheme, host: hp[1]!.replace(/^\[|\]$/g, ''), port };
}
