// The blocks of a deflated region (FLASH_DEFL_DATA), one acknowledgement at a time as the stub requires
// (docs/esp32-serial.md: its double buffer allows nothing sent ahead). Each request is built and SLIP-framed
// with Buffer operations from the shared protocol code, and the next block's frame is made while this one is
// on the line, so that the turnaround after an acknowledgement is only a write. esptool-js builds each
// 16 KB request byte by byte (0.4-1.2 ms a block). Failed blocks are sent again as esptool does.
import { ESPError, type ESPLoader } from 'esptool-js';
import { dataBlockFrame } from '../core/protocol/loader-request.ts';
import type { EspTransport } from './transport.ts';

const FLASH_DEFL_DATA = 0x11;
/** esptool's WRITE_BLOCK_ATTEMPTS, and esptool-js's pause before each new attempt. */
const BLOCK_ATTEMPTS = 3;
const RETRY_DELAY_MS = 150;

export interface DeflBlocks {
  /** The compressed stream cut into blocks of the stub's size. */
  blocks: Uint8Array[];
  /** How long to wait for block `seq`'s acknowledgement. */
  timeoutMs(seq: number): number;
  /** Block `seq` was acknowledged. */
  acknowledged(seq: number): void;
  note?: (line: string) => void;
}

export async function sendDeflBlocks(loader: ESPLoader, transport: EspTransport, plan: DeflBlocks): Promise<void> {
  const { blocks } = plan;
  let next: Buffer | undefined = blocks.length > 0 ? dataBlockFrame(FLASH_DEFL_DATA, blocks[0]!, 0) : undefined;
  for (let seq = 0; seq < blocks.length; seq++) {
    const frame = next!;
    const prepareNext = (): void => {
      next = seq + 1 < blocks.length ? dataBlockFrame(FLASH_DEFL_DATA, blocks[seq + 1]!, seq + 1) : undefined;
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await sendBlock(loader, transport, frame, seq, plan.timeoutMs(seq), attempt === 1 ? prepareNext : undefined);
        break;
      } catch (err) {
        if (attempt >= BLOCK_ATTEMPTS) throw err;
        plan.note?.(`block ${seq}: ${(err as Error).message}; sending it again`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
    if (next === undefined && seq + 1 < blocks.length) throw new Error(`block ${seq + 1} was not prepared`);
    plan.acknowledged(seq);
  }
}

/** One block and its acknowledgement; `whileOnLine` runs once the frame is handed to the link. */
async function sendBlock(loader: ESPLoader, transport: EspTransport, frame: Buffer, seq: number, timeoutMs: number, whileOnLine?: () => void): Promise<void> {
  // A stale reply (an extra acknowledgement after a retry) must not pass for this block's, as in esptool-js.
  transport.flushInput();
  await transport.sendFrame(frame);
  whileOnLine?.();
  const [, data] = await loader.readPacket(FLASH_DEFL_DATA, timeoutMs);
  if (data.length < 2) throw new ESPError(`Failed to write compressed data to flash after seq ${seq}: only ${data.length} bytes of status`);
  if (data[0] !== 0) throw new ESPError(`Failed to write compressed data to flash after seq ${seq} failed with status ${data[0]},${data[1]}`);
}
