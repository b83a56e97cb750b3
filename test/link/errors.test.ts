import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLink, resolveAuto } from '../../host/link/index.ts';
import { listPortsLinux } from '../../host/link/ports.ts';
import { loadBoard } from '../../core/board.ts';
import { haveSocat, ptyPair } from '../helpers/socat.ts';

const root = new URL('../..', import.meta.url).pathname;
const board = loadBoard('esp32-devkit');
const skipPty = haveSocat() ? false : 'socat is not installed (apt-get install socat)';

test('no such port: the error lists the ports there are', async () => {
  await assert.rejects(openLink('/dev/ttyUSB-nope'), (err: Error) => {
    assert.match(err.message, /^no such port \/dev\/ttyUSB-nope; ports here: /);
    assert.equal(err.message.split('\n').length, 1);
    return true;
  });
});

test('port busy: the error names the process that holds it', { skip: skipPty }, async () => {
  const pair = await ptyPair();
  // Another process opens the port the way every node-serialport program does (with its exclusive lock).
  const holder = spawn(process.execPath, ['-e', `
    const { SerialPort } = require('serialport');
    const p = new SerialPort({ path: ${JSON.stringify(pair.a)}, baudRate: 115200 });
    p.on('open', () => console.log('open'));
    setTimeout(() => process.exit(0), 30000);
  `], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('open') && resolve());
      holder.once('exit', () => reject(new Error('holder exited early')));
    });
    await assert.rejects(openLink(pair.a), new RegExp(`^EspkitError: port ${pair.a} is busy: it is held by .*node \\(pid ${holder.pid}\\)`));
  } finally {
    holder.kill();
    await pair.close();
  }
});

test('permission denied: the error names the dialout fix', { skip: skipPty || (process.getuid?.() !== 0 && 'needs root to take a port away from itself') }, async () => {
  const pair = await ptyPair();
  try {
    // The port belongs to another user (mode 0600), and espkit runs as root without the capabilities that
    // let root open any file. Staying root keeps the checkout readable even from a private (0700) clone,
    // where an unprivileged user could not load the project's node_modules at all.
    chownSync(pair.a, 65534, 65534);
    chmodSync(pair.a, 0o600);
    const r = spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath, '--import', 'tsx', '-e', `
      import('./host/link/index.ts').then((m) => m.openLink(${JSON.stringify(pair.a)}))
        .then(() => console.log('opened'), (e) => console.log(e.message));
    `], { cwd: root, encoding: 'utf8' });
    assert.ifError(r.error);
    assert.match(r.stdout, new RegExp(`^permission denied on ${pair.a}: add yourself to the dialout group`), r.stderr);
  } finally {
    await pair.close();
  }
});

test('auto picks the one CP2102 and refuses none or several, listing candidates', () => {
  const cp2102 = { path: '/dev/ttyUSB0', vid: '10c4', pid: 'ea60', serialNumber: '0001' };
  const ch340 = { path: '/dev/ttyUSB1', vid: '1a86', pid: '7523' };
  const acm = { path: '/dev/ttyACM0', vid: '2341', pid: '0043' };
  assert.equal(resolveAuto(board, [ch340, cp2102, acm]).path, '/dev/ttyUSB0');
  assert.throws(() => resolveAuto(board, [ch340, acm]), /^EspkitError: no ESP32 DevBoard .* found \(looking for USB id 10c4:ea60 CP2102\); ports here: \/dev\/ttyUSB1 \(1a86:7523\), \/dev\/ttyACM0 \(2341:0043\)/);
  assert.throws(() => resolveAuto(board, []), /ports here: no serial ports found/);
  assert.throws(
    () => resolveAuto(board, [cp2102, { ...cp2102, path: '/dev/ttyUSB2', serialNumber: '0002' }]),
    /several boards found: \/dev\/ttyUSB0 \(10c4:ea60\), \/dev\/ttyUSB2 \(10c4:ea60\); pick one with --port/,
  );
});

test('the sysfs port list reads USB ids, serial numbers and skips platform placeholders', () => {
  const sys = mkdtempSync(join(tmpdir(), 'espkit-sysfs-'));
  const usbDev = join(sys, 'devices/pci0000:00/usb1/1-1');
  const ttyDev = join(usbDev, '1-1:1.0/ttyUSB0');
  mkdirSync(ttyDev, { recursive: true });
  writeFileSync(join(usbDev, 'idVendor'), '10c4\n');
  writeFileSync(join(usbDev, 'idProduct'), 'EA60\n');
  writeFileSync(join(usbDev, 'manufacturer'), 'Silicon Labs\n');
  writeFileSync(join(usbDev, 'serial'), '0001\n');
  mkdirSync(join(sys, 'bus/usb-serial'), { recursive: true });
  symlinkSync(join(sys, 'bus/usb-serial'), join(ttyDev, 'subsystem'));
  const platDev = join(sys, 'devices/platform/serial8250/tty/ttyS3');
  mkdirSync(platDev, { recursive: true });
  mkdirSync(join(sys, 'bus/platform'), { recursive: true });
  symlinkSync(join(sys, 'bus/platform'), join(platDev, 'subsystem'));
  const cls = join(sys, 'class/tty');
  for (const [name, dev] of [['ttyUSB0', ttyDev], ['ttyS3', platDev]] as const) {
    mkdirSync(join(cls, name), { recursive: true });
    symlinkSync(dev, join(cls, name, 'device'));
  }
  mkdirSync(join(cls, 'tty0')); // a virtual console: no device link, not a serial port
  assert.deepEqual(listPortsLinux(cls, '/dev'), [
    { path: '/dev/ttyUSB0', vid: '10c4', pid: 'ea60', manufacturer: 'Silicon Labs', product: undefined, serialNumber: '0001' },
  ]);
});

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['bin/espkit.js', ...args], { cwd: root, encoding: 'utf8' });
}

test('a bad board file names the bad field; usage errors exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-board-'));
  const file = join(dir, 'b.json');
  const good = JSON.parse(JSON.stringify(board)) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...good, flash: { size: '4MB', mode: 'fast', freq: '40m' } }));
  let r = cli('--board', file, 'ports');
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `error: bad board file ${file}: field "flash.mode" must be one of qio, qout, dio, dout\n`);
  writeFileSync(file, JSON.stringify({ ...good, consoleBaud: undefined }));
  r = cli('--board', file, 'ports');
  assert.match(r.stderr, /field "consoleBaud" is missing/);
  writeFileSync(file, '{ not json');
  assert.match(cli('--board', file, 'ports').stderr, /^error: bad board file .*: not valid JSON/);
  r = cli('--baud', 'fast', 'ports');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /baud rate is a whole number/);
  assert.equal(cli('no-such-command').status, 2);
  r = cli('ports', '--json');
  assert.equal(r.status, 0);
  assert.ok(Array.isArray(JSON.parse(r.stdout)));
});
