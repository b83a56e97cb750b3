// espkit ports: the serial ports there are, marking the ones that look like the board.
import type { Command } from 'commander';
import { action, type CliContext } from './cli-context.ts';
import { runningVirtualBoards } from '../link/virtual-boards.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('ports')
    .description('list serial ports, marking the ones that look like a DevBoard')
    .action(action(ctx, async () => {
      const { knownBridge, listPorts, looksLikeBoard } = await import('../link/ports.ts');
      const board = ctx.board();
      const rows = (await listPorts()).map((p) => ({
        ...p,
        usbId: p.vid ? `${p.vid}:${p.pid ?? '????'}` : undefined,
        bridge: knownBridge(board, p),
        board: looksLikeBoard(board, p),
      }));
      // Boards that `espkit sim` runs, by their RFC 2217 port (it carries the reset lines).
      const virtual = runningVirtualBoards().map((v) => ({
        path: v.ports.rfc2217, usbId: undefined, manufacturer: 'espkit sim (virtual)', serialNumber: v.deviceId,
        bridge: undefined, board: true, virtual: true, ports: v.ports, mac: v.mac,
      }));
      rows.push(...virtual);
      if (ctx.globals().json) {
        ctx.json(rows);
        return;
      }
      if (rows.length === 0) {
        ctx.say('no serial ports found (is the board plugged in? try `dmesg | tail` after plugging it; or start a virtual one with `espkit sim`)');
        return;
      }
      const table = [
        ['', 'PORT', 'USB ID', 'MANUFACTURER', 'SERIAL'],
        ...rows.map((r) => [r.board ? '*' : '', r.path, r.usbId ?? '-', r.manufacturer ?? r.bridge ?? '-', r.serialNumber ?? '-']),
      ];
      const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
      for (const row of table) ctx.say(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
      if (rows.some((r) => r.board)) ctx.say(`* looks like a ${board.name}${virtual.length > 0 ? ' (virtual ones are run by espkit sim)' : ''}`);
    }));
}
