// A paced virtual board in a process of its own, for benches that time a host against it. A board is a device
// of its own: in the host's process its work (inflating and writing each block) would stall the host's event
// loop, which no real board does. Orders come from the parent over IPC.
import { createHash } from 'node:crypto';
import { startBoard } from '../sim/index.ts';

export type BoardOrder =
  | { type: 'md5'; address: number; size: number }
  | { type: 'close' };

export type BoardReport =
  | { type: 'ready'; rfc2217: string; socket: string }
  | { type: 'md5'; md5: string }
  | { type: 'closed' };

const board = await startBoard({ pacing: true, boot: 'flash' });
const reply = (r: BoardReport): void => { process.send?.(r); };
reply({ type: 'ready', rfc2217: board.ports.rfc2217, socket: board.ports.socket });
process.on('message', (order: BoardOrder) => {
  if (order.type === 'md5') {
    reply({ type: 'md5', md5: createHash('md5').update(board.flash.read(order.address, order.size)).digest('hex') });
    return;
  }
  void board.close().then(() => {
    reply({ type: 'closed' });
    process.disconnect();
  });
});
process.on('disconnect', () => { void board.close(); });
