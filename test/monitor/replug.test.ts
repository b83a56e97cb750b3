// The board comes back on another device node after an unplug: the connection finds it by its USB serial
// number, not by its old path (and not a different board that took the old name). The "USB" here is a
// sysfs tree in a temporary folder (the layout Linux gives a CP2102) whose tty nodes are socat ptys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { SerialPort } from 'serialport';
import { openLink } from '../../host/link/index.ts';
import { listPortsLinux } from '../../host/link/ports.ts';
import { BoardConnection } from '../../host/console/board-connection.ts';
import { haveSocat, ptyPair, type PtyPair } from '../helpers/socat.ts';

const skip = haveSocat() ? false : 'socat is not installed (apt-get install socat)';

class FakeUsb {
  readonly root = mkdtempSync(join(tmpdir(), 'espkit-usb-'));
  readonly sysTty = join(this.root, 'sys/class/tty');
  readonly dev = join(this.root, 'dev');
  constructor() {
    mkdirSync(this.sysTty, { recursive: true });
    mkdirSync(this.dev, { recursive: true });
  }
  /** A CP2102 with this serial number appears as /dev/<name>, its tty being `ptyPath`. */
  plug(name: string, serial: string, ptyPath: string): string {
    const usb = join(this.root, `sys/devices/usb1/1-${name}`);
    const tty = join(usb, `1-${name}:1.0`, name);
    mkdirSync(tty, { recursive: true });
    writeFileSync(join(usb, 'idVendor'), '10c4\n');
    writeFileSync(join(usb, 'idProduct'), 'ea60\n');
    writeFileSync(join(usb, 'serial'), `${serial}\n`);
    mkdirSync(join(this.sysTty, name));
    symlinkSync(tty, join(this.sysTty, name, 'device'));
    symlinkSync(ptyPath, join(this.dev, name));
    return join(this.dev, name);
  }
  unplug(name: string): void {
    rmSync(join(this.sysTty, name), { recursive: true, force: true });
    rmSync(join(this.dev, name), { force: true });
  }
  list = async () => listPortsLinux(this.sysTty, this.dev);
  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

async function openPeer(path: string): Promise<SerialPort> {
  const peer = new SerialPort({ path, baudRate: 115200 });
  await once(peer, 'open');
  return peer;
}

test('after an unplug the board is found again by USB serial number on its new node', { skip }, async () => {
  const usb = new FakeUsb();
  const pairs: PtyPair[] = [];
  const peers: SerialPort[] = [];
  let connection: BoardConnection | undefined;
  try {
    const first = await ptyPair();
    pairs.push(first);
    const path0 = usb.plug('ttyUSB0', '0001', first.a);
    const ports = await usb.list();
    assert.deepEqual(ports.map((p) => [p.path, p.serialNumber]), [[path0, '0001']]);
    const link = await openLink(path0);
    link.usb = { vid: ports[0]!.vid, pid: ports[0]!.pid, serialNumber: ports[0]!.serialNumber };
    connection = BoardConnection.from(link, { retryMs: 50, listPorts: usb.list });
    assert.equal(connection.describeBoard(), 'USB serial 0001 (10c4:ea60)');
    const got: string[] = [];
    connection.on('data', (d) => got.push(d.toString()));
    const peer0 = await openPeer(first.b);
    peers.push(peer0);
    peer0.write('hello\r\n');
    while (!got.join('').includes('hello')) await once(connection, 'data');

    // Unplug: the node vanishes; a different board (serial 0002) takes the old name, ours comes back as ttyUSB1.
    const lost = once(connection, 'lost');
    usb.unplug('ttyUSB0');
    await new Promise<void>((resolve) => peer0.close(() => resolve()));
    peers.pop();
    await first.close();
    const poke = setInterval(() => connection!.write('\n'), 100); // a pty reports the hang-up on a write
    const [{ message: lostMessage }] = await lost;
    clearInterval(poke);
    assert.match(lostMessage, /^board gone \(.*\); waiting for USB serial 0001 \(10c4:ea60\) to come back$/);

    const other = await ptyPair();
    pairs.push(other);
    usb.plug('ttyUSB0', '0002', other.a);
    const second = await ptyPair();
    pairs.push(second);
    const back = once(connection, 'back');
    const path1 = usb.plug('ttyUSB1', '0001', second.a);
    const [{ message }] = await back;
    assert.equal(message, `board back on ${path1} (USB serial 0001 (10c4:ea60))`);
    assert.equal(connection.link?.name, path1);

    const peer1 = await openPeer(second.b);
    peers.push(peer1);
    peer1.write('again\r\n');
    while (!got.join('').includes('again')) await once(connection, 'data');
    // and keys reach the board on its new node
    let typed = '';
    peer1.on('data', (d: Buffer) => { typed += d.toString(); });
    assert.equal(connection.write('1+1\n'), true);
    while (!typed.includes('\n')) await once(peer1, 'data');
    assert.equal(typed, '1+1\n');
  } finally {
    await connection?.close();
    for (const p of peers) await new Promise<void>((resolve) => p.close(() => resolve()));
    for (const p of pairs) await p.close();
    usb.cleanup();
  }
});
