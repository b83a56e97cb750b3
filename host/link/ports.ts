// Listing serial ports. On Linux we read sysfs directly: node-serialport's list() shells out to `udevadm`,
// which minimal systems and containers lack (it then throws from a child process and kills the program).
// Elsewhere node-serialport's list() is used as is.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BoardProfile } from '../../core/board.ts';
import { boardUsbIds, usbIdMatches } from '../../core/board.ts';

export interface PortInfo {
  path: string;
  vid?: string;
  pid?: string;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
}

const SYS_TTY = '/sys/class/tty';

function readAttr(dir: string, name: string): string | undefined {
  try {
    const v = readFileSync(join(dir, name), 'utf8').trim();
    return v.length > 0 ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Walk up from a tty's device to the USB device that carries idVendor/idProduct. */
function usbDeviceOf(deviceDir: string): string | undefined {
  let dir = deviceDir;
  for (let i = 0; i < 8 && dir !== '/'; i++) {
    if (existsSync(join(dir, 'idVendor'))) return dir;
    dir = dirname(dir);
  }
  return undefined;
}

/** Serial ports from sysfs, the way pyserial's list_ports_linux sees them: platform placeholders are skipped. */
export function listPortsLinux(sysTty = SYS_TTY, devDir = '/dev'): PortInfo[] {
  if (!existsSync(sysTty)) return [];
  const ports: PortInfo[] = [];
  for (const name of readdirSync(sysTty).sort()) {
    const deviceLink = join(sysTty, name, 'device');
    if (!existsSync(deviceLink)) continue;
    const deviceDir = realpathSync(deviceLink);
    const subsystem = existsSync(join(deviceDir, 'subsystem')) ? basename(realpathSync(join(deviceDir, 'subsystem'))) : '';
    if (subsystem === 'platform') continue; // ttyS* with no UART behind them
    const usb = usbDeviceOf(deviceDir);
    const info: PortInfo = { path: join(devDir, name) };
    if (usb) {
      info.vid = readAttr(usb, 'idVendor')?.toLowerCase();
      info.pid = readAttr(usb, 'idProduct')?.toLowerCase();
      info.manufacturer = readAttr(usb, 'manufacturer');
      info.product = readAttr(usb, 'product');
      info.serialNumber = readAttr(usb, 'serial');
    }
    ports.push(info);
  }
  return ports;
}

export async function listPorts(): Promise<PortInfo[]> {
  if (process.platform === 'linux') return listPortsLinux();
  const { SerialPort } = await import('serialport');
  const found = await SerialPort.list();
  return found.map((p) => ({
    path: p.path,
    vid: p.vendorId?.toLowerCase(),
    pid: p.productId?.toLowerCase(),
    manufacturer: p.manufacturer,
    serialNumber: p.serialNumber,
  }));
}

/** The bridge name if the port's USB id is one the board profile knows. */
export function knownBridge(board: BoardProfile, port: PortInfo): string | undefined {
  return board.usb.find((id) => usbIdMatches(id, port.vid, port.pid))?.bridge;
}

/** True when the port carries the board's own USB-UART bridge (what `auto` looks for). */
export function looksLikeBoard(board: BoardProfile, port: PortInfo): boolean {
  return boardUsbIds(board).some((id) => usbIdMatches(id, port.vid, port.pid));
}

export function describePorts(ports: PortInfo[]): string {
  if (ports.length === 0) return 'no serial ports found';
  return ports.map((p) => (p.vid ? `${p.path} (${p.vid}:${p.pid ?? '????'})` : p.path)).join(', ');
}
