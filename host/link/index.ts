// openLink(name): the one way to open a port by name.
import { EspkitError } from '../../core/errors.ts';
import { DEFAULT_BOARD, loadBoard, type BoardProfile } from '../../core/board.ts';
import { parsePortName } from './address.ts';
import type { Link, LinkOptions } from '../../core/link.ts';
import { SerialLink } from './serial-link.ts';
import { SocketLink } from './socket-link.ts';
import { Rfc2217Link } from './rfc2217-link.ts';
import { listPorts, looksLikeBoard, describePorts, type PortInfo } from './ports.ts';
import { runningVirtualBoards } from './virtual-boards.ts';

export { Link } from '../../core/link.ts';
export type { LinkOptions, ModemSignals, LinkKind, UsbInfo } from '../../core/link.ts';
export { listPorts, looksLikeBoard, knownBridge, type PortInfo } from './ports.ts';
export { parsePortName } from './address.ts';

export interface OpenLinkOptions extends LinkOptions {
  /** The board profile `auto` matches USB ids against (default esp32-devkit). */
  board?: BoardProfile;
}

/** Pick the single port that looks like the board; none or several is a clear error. */
export function resolveAuto(board: BoardProfile, ports: PortInfo[]): PortInfo {
  const matches = ports.filter((p) => looksLikeBoard(board, p));
  const wanted = board.usb.filter((u) => u.board).map((u) => `${u.vid}:${u.pid ?? '*'} ${u.bridge}`).join(', ');
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new EspkitError(`no ${board.name} found (looking for USB id ${wanted}); ports here: ${describePorts(ports)}; plug it in or pass --port`);
  }
  throw new EspkitError(`several boards found: ${describePorts(matches)}; pick one with --port`);
}

export async function openLink(name: string, options: OpenLinkOptions = {}): Promise<Link> {
  const address = parsePortName(name);
  switch (address.kind) {
    case 'serial': {
      const link = await SerialLink.open(address.path, options);
      const port = (await listPorts()).find((p) => p.path === address.path);
      if (port?.vid) link.usb = { vid: port.vid, pid: port.pid, serialNumber: port.serialNumber, manufacturer: port.manufacturer };
      return link;
    }
    case 'socket':
      return SocketLink.open(name, address.host, address.port, options);
    case 'rfc2217':
      return Rfc2217Link.open(name, address.host, address.port, options);
    case 'auto': {
      const board = options.board ?? loadBoard(DEFAULT_BOARD);
      const ports = await listPorts();
      // A plugged-in board wins; without one, a single running `espkit sim` board is taken (over RFC 2217,
      // which carries the reset lines).
      if (!ports.some((p) => looksLikeBoard(board, p))) {
        const virtual = runningVirtualBoards();
        if (virtual.length > 1) {
          throw new EspkitError(`no ${board.name} plugged in, and ${virtual.length} virtual boards are running (${virtual.map((v) => `${v.deviceId} ${v.ports.rfc2217}`).join(', ')}); pick one with --port`);
        }
        if (virtual.length === 1) {
          const url = virtual[0]!.ports.rfc2217;
          const target = parsePortName(url);
          if (target.kind === 'rfc2217') {
            options.verbose?.(`auto: no ${board.name} plugged in; using the virtual board ${virtual[0]!.deviceId} at ${url}`);
            return Rfc2217Link.open(url, target.host, target.port, options);
          }
        }
      }
      const port = resolveAuto(board, ports);
      const link = await SerialLink.open(port.path, options);
      link.usb = { vid: port.vid, pid: port.pid, serialNumber: port.serialNumber, manufacturer: port.manufacturer };
      return link;
    }
  }
}
