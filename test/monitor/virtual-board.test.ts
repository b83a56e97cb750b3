// The monitor against the virtual DevBoard running Espruino, as a person uses it: `espkit monitor --reset`
// over rfc2217:// (so the DevKit's reset circuit is driven), typing into the REPL, an Uncaught error, the
// Ctrl-T menu into download mode and back, E.reboot() named as a software reset, the USB cable pulled and
// plugged back, Ctrl-] to quit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { startBoard } from '../../sim/index.ts';
import { waitFor } from '../bridge/wait.ts';
import { isolatedEnv } from '../helpers/isolated-env.ts';

// The espkit child process reads nothing of the user's home (a bridge queue, a hub, a cache).
const home = isolatedEnv();
after(() => home.remove());

const root = fileURLToPath(new URL('../..', import.meta.url));
const FAST = { pacing: false, installEspruino: true, application: { timing: { bootDelayMs: 5 } } };

test('monitor --reset over rfc2217: boot lines named, REPL typed into, Ctrl-T download and back, unplug and replug, Ctrl-]', async () => {
  const board = await startBoard(FAST);
  const child = spawn(process.execPath, ['bin/espkit.js', '--port', board.ports.rfc2217, 'monitor', '--reset'], {
    cwd: root, env: { ...home.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = once(child, 'exit');
  let mark = 0;
  /** Wait for text that appears after the previous thing waited for. */
  const see = async (text: string | RegExp, what: string): Promise<void> => {
    const found = (): number => {
      const rest = out.slice(mark);
      if (typeof text === 'string') return rest.indexOf(text) >= 0 ? mark + rest.indexOf(text) + text.length : -1;
      const m = text.exec(rest);
      return m ? mark + m.index + m[0].length : -1;
    };
    await waitFor(() => found() >= 0, () => `${what} (after: ${JSON.stringify(out.slice(mark, mark + 400))}; stderr ${JSON.stringify(err)})`, 30_000);
    mark = found();
  };
  try {
    await see(/--- espkit monitor on rfc2217:\/\/127\.0\.0\.1:\d+ at 115200 baud; Ctrl-\] quits, Ctrl-T Ctrl-H for help\n/, 'the banner');
    await see('--- resetting the board into its application\n', 'the reset note');
    await see('rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n--- reset: POWERON_RESET (0x1): power-on, or the EN line (the reset button, or RTS from the host); booting from flash\n', 'the named reset');
    await see(' 2v29 (c) 2021 G.Williams\n', "Espruino's banner");
    await see(/\n>$/, 'the prompt');
    assert.ok(!out.includes('\\e[?7l') && !out.includes('\x1b'), 'no escape sequence reaches a pipe');

    child.stdin.write('1+1\r');
    await see('1+1\n=2\n', 'the echo and the answer');
    child.stdin.write('nope()\r');
    await see('Uncaught ReferenceError: "nope" is not defined\n at line 1 col 1\nnope()\n^\n', 'the Uncaught error');
    child.stdin.write('setTimeout(function(){throw new Error("late")},20)\r');
    await see(/\nUncaught Error: late\n/, 'an error thrown by a callback, over the prompt');

    child.stdin.write('E.reboot()\r');
    await see('rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n--- reset: SW_CPU_RESET (0xc): software reset of the CPU: a panic, esp_restart() or E.reboot(); booting from flash\n', 'the software reset named');
    await see(/2v29 \(c\) 2021 G\.Williams\n[^]*\n>$/, 'Espruino after the reboot');

    child.stdin.write('\x14\x10');
    await see('--- resetting the board into download mode\n', 'the download reset note');
    await see('rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\n--- reset: POWERON_RESET (0x1): power-on, or the EN line (the reset button, or RTS from the host); GPIO0 was low, so it waits in download mode (Ctrl-T Ctrl-R resets into the app)\nwaiting for download\n', 'download mode');
    child.stdin.write('\x14\x12');
    await see('boot:0x13 (SPI_FAST_FLASH_BOOT)', 'the boot from flash');
    await see(/2v29 \(c\) 2021 G\.Williams\n[^]*\n>$/, 'Espruino again');

    board.unplug({ replugAfterMs: 300 });
    await see(/--- board gone \(the connection to rfc2217:\/\/127\.0\.0\.1:\d+ closed\); waiting for rfc2217:\/\/127\.0\.0\.1:\d+ to come back\n/, 'the unplug');
    await see(/--- board back on rfc2217:\/\/127\.0\.0\.1:\d+\n/, 'the replug');
    child.stdin.write('2+2\r');
    await see('2+2\n=4\n', 'the REPL after the replug');

    child.stdin.write('\x1d');
    const [code] = await exited;
    assert.equal(code, 0, err);
    assert.equal(err, '');
  } finally {
    if (child.exitCode === null) child.kill();
    await board.close();
  }
});
