// Raising the baud while the ESP32's ROM still talks, so that the stub itself travels at the fast baud (at
// 115200 its 6.7 KB take about 0.6 s, at 921600 about 0.07 s). esptool.py changes the baud in the ROM only with
// --no-stub and esptool-js never corrects for the ROM's crystal measurement; here the request is scaled as
// esptool 5.3.1 scales it (core/esp32/rom-clock.ts), and the chip must answer at the new baud before anything
// else is sent. When the chip cannot be asked (no calibration to correct with) the baud stays and the caller
// goes on the usual way (the stub at the ROM's baud, then the stub's own baud change); when the ROM took the
// change but does not answer, only a reset brings it back, and the caller starts over without this shortcut.
import type { ESPLoader } from 'esptool-js';
import { EFUSE_CK8M_WORD, RTC_CALI_REG, romBaudArgument, romCrystalHz } from '../core/esp32/rom-clock.ts';
import type { EspTransport } from './transport.ts';

/** eFuse block 0's read registers on the ESP32 (esptool's EFUSE_RD_REG_BASE). */
const ESP32_EFUSE_RD_BASE = 0x3ff5a000;
const CHANGE_BAUDRATE = 0x0f;
/** Quiet time after the switch: a UART changing its divider mid-byte can leave a stray byte behind. */
const SETTLE_QUIET_MS = 5;
const PROBE_TIMEOUT_MS = 200;

/** `restart`: the ROM took the change but did not answer after it; only a reset brings it back. */
export type RomBaudResult = { raised: true } | { raised: false; reason: string; restart: boolean };

export async function raiseBaudInRom(loader: ESPLoader, transport: EspTransport, baud: number): Promise<RomBaudResult> {
  if (loader.chip.CHIP_NAME !== 'ESP32') return { raised: false, reason: `no ROM baud correction known for the ${loader.chip.CHIP_NAME}`, restart: false };
  const romHz = romCrystalHz(await loader.readReg(RTC_CALI_REG), await loader.readReg(ESP32_EFUSE_RD_BASE + 4 * EFUSE_CK8M_WORD));
  const argument = romBaudArgument(baud, romHz);
  if (argument === undefined) return { raised: false, reason: 'the ROM reports no crystal calibration', restart: false };
  const previous = transport.baudrate;
  const data = new Uint8Array(8);
  new DataView(data.buffer).setUint32(0, argument, true);
  await loader.checkCommand('change the baud in the ROM', CHANGE_BAUDRATE, data);
  await transport.changeBaudrate(baud);
  await transport.drainInput(SETTLE_QUIET_MS, 100);
  for (let i = 0; i < 2; i++) {
    try {
      await loader.readReg(loader.CHIP_DETECT_MAGIC_REG_ADDR, PROBE_TIMEOUT_MS);
      return { raised: true };
    } catch {
      transport.flushInput();
    }
  }
  await transport.changeBaudrate(previous);
  return { raised: false, reason: `the ROM did not answer at ${baud} baud`, restart: true };
}
