// esptool-js's ESPLoader with retries where a retry is safe. Loader replies carry no checksum and esptool-js
// gives up on the first lost or garbled one while reading the chip's facts or uploading the stub (so does
// esptool.py): on a noisy line one bad byte among thousands ends the whole run.
// - READ_REG is idempotent: a read whose reply was lost or damaged is simply asked again.
// - MEM_DATA that the ROM explicitly refused (a status error, e.g. 0x07 bad checksum) did not store the block,
//   so sending it again is exact. A timeout is not retried: the block may have been stored.
// - Detection: esptool-js asks GET_SECURITY_INFO first; the ESP32's ROM does not know it and its "unsupported"
//   reply costs a wait for a quiet line (transport.ts drainInput). When the board profile names the chip, the
//   magic register is read first, as esptool.py does with --chip; only if it names another chip (or cannot be
//   read) is the chip detected the usual way, after a fresh reset and sync.
import { ESPLoader, ESPError, type Before, type ROM } from 'esptool-js';

const TRIES = 3;

/** esptool-js 0.7.0's own detection steps (private in its typings). */
interface DetectionSteps {
  chipFromMagicValue(): Promise<ROM>;
  applyDetectedChip(chip: ROM): void;
}

export class EspkitLoader extends ESPLoader {
  /** Called when the link is gone: no retry makes sense then. */
  linkGone: () => boolean = () => false;
  /** The chip the board profile names (esptool's CHIP_NAME, e.g. "ESP32"). */
  expectedChip: string | undefined;

  override async connect(mode: Before = 'default_reset', attempts = 7, detecting = true): Promise<void> {
    if (!detecting || this.expectedChip === undefined) return super.connect(mode, attempts, detecting);
    await super.connect(mode, attempts, false);
    const steps = this as unknown as DetectionSteps;
    let chip: ROM | undefined;
    try {
      chip = await steps.chipFromMagicValue();
    } catch (err) {
      if (this.linkGone()) throw err;
    }
    if (chip?.CHIP_NAME === this.expectedChip) {
      steps.applyDetectedChip(chip);
      return;
    }
    this.debug(`the magic register does not name an ${this.expectedChip}; detecting the chip`);
    await this.transport.disconnect();
    await super.connect(mode, attempts, true);
  }

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
