// The real Espruino interpreter behind the virtual board: its REPL over the board's paced UART at 115200,
// and the console's 4096-byte buffer with XON/XOFF in front of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsRealEspruino } from '../helpers/espruino.ts';
import { HostConsole, startRealBoard } from '../helpers/real-board.ts';
import { RealEspruinoPersonality } from '../../sim/espruino-real/real-personality.ts';
import { ConsoleBuffer } from '../../sim/espruino-real/console-buffer.ts';

test('the board says which interpreter runs', { skip: needsRealEspruino }, async () => {
  const board = await startRealBoard();
  try {
    assert.match(board.interpreterLine, /^Espruino: real interpreter 2v29 \(.+\)$/);
    console.log(`# ${board.interpreterLine}`);
  } finally {
    await board.close();
  }
});

test('REPL over the paced UART: banner and prompt, echo, a DLE line, Ctrl-C', { skip: needsRealEspruino }, async () => {
  const board = await startRealBoard({ pacing: true });
  const con = await HostConsole.open(board);
  try {
    assert.match(board.outputText(), /\|_\| espruino\.com\r\n 2v29 \(c\) 2025 G\.Williams\r\n/);
    assert.equal(await con.line('1+2'), '1+2\r\n=3\r\n>');
    assert.equal(await con.line('[1,2].map(function(x){return x*2})'), '[1,2].map(function(x){return x*2})\r\n=[ 2, 4 ]\r\n>');
    con.clear();
    con.send('\x10var secret = 42\n\x10print("p", secret)\n');
    assert.equal(await con.waitFor(/p 42\r\n>$/), 'p 42\r\n>');
    // a loop that never ends, then Ctrl-C: the prompt comes back
    con.clear();
    con.send('while(1){}\n');
    // Ctrl-C only once the interpreter has taken the line (its echo): one that reaches the interpreter while the
    // line still waits in its input queue finds the main loop idle and only clears the input line
    await con.waitFor(/while\(1\)\{\}\r\n/);
    // The Linux build's input thread turns the Ctrl-C flag into the debugger's flag on its next pass and that into
    // a plain interruption on the one after: the loop stops in the debugger (debug> prompt, a second Ctrl-C leaves
    // it) if the main thread ran a statement in between, and with "Execution Interrupted" if a loaded machine
    // did not schedule it
    const stopped = await con.interrupt();
    if (/debug>$/.test(stopped)) {
      con.send('\x03');
      await con.waitFor(/\r\n>$/);
    }
    assert.equal(await con.line('secret'), 'secret\r\n=42\r\n>');
  } finally {
    await con.close();
    await board.close();
  }
});

// Every line runs exactly once: without the console lock (sim/espruino-real/console-lock.ts) the Linux build's
// input thread races its main loop on the event queue and old lines run again (n ended far above 600).
test('XON/XOFF: a stream faster than the interpreter takes loses nothing when the sender honours XOFF', { skip: needsRealEspruino }, async () => {
  const board = await startRealBoard({ pacing: false });
  const con = await HostConsole.open(board);
  try {
    await con.line('var n = 0, sum = 0;');
    // 600 lines of about 40 bytes: 24 KB, sent as fast as the link goes while the board does not say XOFF
    const lines: string[] = [];
    let expected = 0;
    for (let i = 1; i <= 600; i++) {
      lines.push(`\x10n++; sum += ${i}; /* ${'x'.repeat(12)} */\n`);
      expected += i;
    }
    const data = Buffer.from(lines.join(''), 'latin1');
    let paused = false;
    let xoffSeen = 0;
    con.link.on('data', (d: Buffer) => {
      for (const b of d) {
        if (b === 0x13) { paused = true; xoffSeen++; }
        if (b === 0x11) paused = false;
      }
    });
    for (let at = 0; at < data.length;) {
      if (paused) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      con.send(data.subarray(at, at + 64));
      at += 64;
      await new Promise((r) => setImmediate(r));
    }
    const answer = await con.line('print(n, sum)', 60_000);
    assert.match(answer, new RegExp(`600 ${expected}\\r\\n`));
    assert.ok(xoffSeen > 0, 'the board said XOFF at least once');
    const program = (board as unknown as { program: unknown }).program;
    assert.ok(program instanceof RealEspruinoPersonality);
    assert.equal(program.console.lost, 0);
    assert.ok(program.console.xoff > 0 && program.console.xon > 0);
  } finally {
    await con.close();
    await board.close();
  }
});

test('a sender that ignores XOFF loses bytes beyond the 4096-byte buffer, as on the chip', { skip: needsRealEspruino }, async () => {
  const board = await startRealBoard({ pacing: false });
  const con = await HostConsole.open(board);
  try {
    await con.line('var n = 0;');
    con.send(Buffer.from(`\x10${'n++;'.repeat(6000)}\n`, 'latin1'));
    const program = (board as unknown as { program: unknown }).program;
    assert.ok(program instanceof RealEspruinoPersonality);
    // the losses are known once the relay has taken the bytes and reported, which a loaded machine delays
    const deadline = Date.now() + 20_000;
    while (!(program.console.lost > 0 && program.console.used <= 4096 + 64)) {
      if (Date.now() > deadline) assert.fail(`lost ${program.console.lost}, used ${program.console.used}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await con.close();
    await board.close();
  }
});

// The host may fill the buffer again the moment a line has answered: by then the chip has taken that line, so
// two lines that together fit the 4096 bytes are kept whole. The interpreter's answer reaches the board
// straight from its stdout while the relay reports the pipe's fill on its next poll, which a loaded machine
// delays: here every report reaches the board 100 ms late. Judged against such a report, the answered line
// would still count as there and the end of the next lines would be dropped (deploy's chunk lines then went
// unanswered); only the relay, which sees the pipe itself, may decide what is lost.
test('lines sent the moment the previous one answers are kept whole while they fit the buffer, even when the fill is reported late', { skip: needsRealEspruino }, async () => {
  const report = ConsoleBuffer.prototype.report;
  ConsoleBuffer.prototype.report = function (this: ConsoleBuffer, ...args: Parameters<ConsoleBuffer['report']>): void {
    setTimeout(() => report.apply(this, args), 100);
  };
  const board = await startRealBoard({ pacing: false });
  const con = await HostConsole.open(board);
  const padded = (marker: string, bytes: number): string => {
    const head = `\x10print("<"+"${marker}>");/*`;
    return `${head}${'x'.repeat(bytes - head.length - 3)}*/\n`;
  };
  try {
    for (let round = 1; round <= 5; round++) {
      const next = padded(`b${round}`, 2008) + padded(`c${round}`, 2008);
      let sent = false;
      const onData = (): void => {
        if (!sent && con.text.includes(`<a${round}>`)) {
          sent = true;
          con.send(next);
        }
      };
      con.link.on('data', onData);
      try {
        con.clear();
        con.send(padded(`a${round}`, 2008));
        const seen = await con.waitFor(new RegExp(`<c${round}>`));
        assert.match(seen, new RegExp(`<b${round}>`), `round ${round}: the first of the two lines ran`);
      } finally {
        con.link.off('data', onData);
      }
    }
    const program = (board as unknown as { program: unknown }).program;
    assert.ok(program instanceof RealEspruinoPersonality);
    assert.equal(program.console.lost, 0);
  } finally {
    ConsoleBuffer.prototype.report = report;
    await con.close();
    await board.close();
  }
});

// The Linux build exits when a second Ctrl-C finds an empty line within 5 s of the first (jsiLoop in
// src/jsinteractive.c); the chip never does. Leaving the debugger with Ctrl-C is one such Ctrl-C, so a busy loop
// stopped twice in a row ended the interpreter, and so did a host resyncing while a line ran on a loaded machine.
test('no run of Ctrl-Cs ends the interpreter: on an empty line, after partial input, in busy code, back to back', { skip: needsRealEspruino }, async () => {
  const board = await startRealBoard({ pacing: false });
  const con = await HostConsole.open(board);
  const program = (board as unknown as { program: unknown }).program;
  assert.ok(program instanceof RealEspruinoPersonality);
  const pid = program.pid;
  const stopBusyLoop = async (): Promise<void> => {
    // the debugger takes the first Ctrl-C unless one came just before; a second leaves it
    const seen = await con.interrupt();
    if (/debug>$/.test(seen)) {
      con.clear();
      con.send('\x03');
      await con.waitFor(/\r\n>$/);
    }
  };
  // What the Ctrl-Cs print ("Press Ctrl-C again to exit", a prompt) may still be on its way when the next line is
  // sent, and a Ctrl-C the interpreter takes while that line's bytes arrive clears what it has of it, as the chip's
  // does: so the proof that it still answers is =2 itself, asked again if a late Ctrl-C swallowed the line.
  const answers = async (what: string): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      con.clear();
      con.send('1+1\n');
      try {
        await con.waitFor(/=2\r\n[\s\S]*>$/, 10_000);
        return;
      } catch (error) {
        if (attempt === 3) assert.fail(`${what}: ${(error as Error).message}`);
      }
    }
  };
  try {
    for (let round = 1; round <= 2; round++) {
      con.send('\x03\x03');
      con.send('\x03');
      con.send('var half = "abc');
      con.send('\x03');
      con.send('[1,\n2,\x03\x03');
      con.send('\x03\x03\x03\x03');
      await answers(`round ${round}: after Ctrl-Cs on the line`);
      for (let loop = 1; loop <= 2; loop++) {
        con.clear();
        con.send('while(1){}\n');
        await con.waitFor(/while\(1\)\{\}\r\n/);
        await stopBusyLoop();
        con.send('\x03');
      }
      await answers(`round ${round}: after stopping busy loops`);
      // code that ends by itself, a Ctrl-C or several arriving while it runs or just after
      for (const ctrlCs of ['\x03', '\x03\x03', '\x03\x03\x03\x03']) {
        con.clear();
        con.send(`\x10var until=getTime()+0.05;while(getTime()<until);print("<"+"done>")\n${ctrlCs}`);
        await con.waitFor(/<done>|Execution Interrupted/);
        con.send(ctrlCs);
      }
      con.clear();
      con.send('\x10print("<"+"spin>");while(1){}\n');
      await con.waitFor(/<spin>/);
      con.send('\x03\x03');
      await answers(`round ${round}: after Ctrl-Cs in code that runs`);
    }
    assert.doesNotMatch(board.outputText(), /interpreter ended/);
    assert.equal(program.pid, pid);
    assert.equal(await con.line('1+1'), '1+1\r\n=2\r\n>');
  } finally {
    await con.close();
    await board.close();
  }
});
