// How the ESP32 ROM sets a baud on CHANGE_BAUDRATE, shared by the flasher (which asks) and the virtual board
// (which obeys). The ROM divides the crystal frequency it measured at boot, not the crystal's nominal one: it
// times the crystal against its 8 MHz RC oscillator, whose frequency varies from chip to chip and with
// temperature. A host that asks for baud B gets B x nominal / measured, unless it asks for B x measured /
// nominal instead. esptool 5.3.1 does exactly that (targets/esp32.py change_baud, get_rom_cal_crystal_freq),
// reading the two values the ROM computes from: the RTC calibration result (TIMG0 RTCCALICFG1, bits 7-31) and
// the RC oscillator's frequency from eFuse block 0 word 4 (bits 0-7, EFUSE_RD_CK8M_FREQ).
// A flasher stub computes its own baud changes from the current divider and the old baud, so this matters
// only while the ROM itself is talking.

/** TIMG0's RTCCALICFG1: the result of the ROM's last calibration of the slow clocks against the crystal. */
export const RTC_CALI_REG = 0x3ff5f06c;
const RTC_CALI_VALUE_SHIFT = 7;
const RTC_CALI_VALUE_MASK = 0x1ffffff;
/** The eFuse block 0 word whose low byte holds the RC oscillator's calibrated frequency (CK8M_FREQ). */
export const EFUSE_CK8M_WORD = 4;

/** The crystal frequency (Hz) the ROM works with, from RTCCALICFG1 and eFuse word 4 as READ_REG returns them. */
export function romCrystalHz(rtcCaliReg: number, efuseWord4: number): number {
  const cali = (rtcCaliReg >>> RTC_CALI_VALUE_SHIFT) & RTC_CALI_VALUE_MASK;
  const ck8m = efuseWord4 & 0xff;
  return (cali * 15625 * ck8m) / 40;
}

/** The crystal the board really has: ESP32 boards use 40 MHz or 26 MHz ones. */
export function nominalCrystalHz(romHz: number): number {
  return romHz > 33_000_000 ? 40_000_000 : 26_000_000;
}

/**
 * The value to send in the ROM's CHANGE_BAUDRATE for the line to run at `baud`, or undefined when the chip's
 * calibration reads as nothing (no usable measurement: only a stub can then change the baud reliably).
 */
export function romBaudArgument(baud: number, romHz: number): number | undefined {
  if (!(romHz > 0)) return undefined;
  return Math.floor((baud * romHz) / nominalCrystalHz(romHz));
}

/** The baud the ROM really sets for a CHANGE_BAUDRATE `argument`, on a board whose crystal is `crystalHz`. */
export function romBaudResult(argument: number, romHz: number, crystalHz: number): number {
  return (argument * crystalHz) / romHz;
}
