// esptool-js's ESPLoader with retries where a retry is safe. Loader replies carry no checksum and esptool-js
// gives up on the first lost or garbled one while reading the chip's facts or uploading the stub (so does
// esptool.py): on a noisy line one bad byte among thousands ends the whole run.
// - READ_REG is idempotent: a read whose reply was lost or damaged is simply asked again.
// - MEM_DATA that the ROM explicitly refused (a status error, e.g. 0x07 bad checksum) did not store the block,
//   so sending it again is exact. A timeout is not retried: the block may have been stored.
import { ESPLoader, ESPError } from 'esptool-js';

const TRIES = 3;

export class EspkitLoader extends ESPLoader {
  /** Called when the link is gone: no retry makes sense then. */
  linkGone: () => boolean = () => false;

  override async readReg(addr: number, timeout?: number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await super.readReg(addr, timeout);
      } catch (err) {
        if (attempt >= TRIES || this.linkGone() || !(err instanceof Error)) throw err;
        this.debug(`read of 0x${addr.toString(16)} failed (${err.message}); asking again`);
      }
    }
  }

  override async memBlock(buffer: Uint8Array, seq: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await super.memBlock(buffer, seq);
      } catch (err) {
        const refused = err instanceof ESPError && /failed with status/.test(err.message);
        if (!refused || attempt >= TRIES || this.linkGone()) throw err;
        this.debug(`RAM block ${seq} refused (${err.message}); sending it again`);
      }
    }
  }
}
