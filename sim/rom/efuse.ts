// The ESP32's eFuse block 0 as READ_REG sees it (EFUSE_BLK0_RDATA0..6 at 0x3ff5a000), for an ESP32-D0WDQ6
// revision 3 with the board's MAC. Bit positions are the ones esptool-js 0.7.0 reads (targets/esp32.js:
// readMac, getPkgVersion, getChipRevision, getChipFeatures) and the ESP32 TRM's eFuse chapter describes.

export const EFUSE_RD_BASE = 0x3ff5a000;
/** APB_CTL_DATE_REG: bit 31 is the third revision bit esptool reads (set on revision 3 silicon). */
export const APB_CTL_DATE_ADDR = 0x3ff66000 + 0x7c;
export const APB_CTL_DATE_REV3 = 0x96042000;

/**
 * What the ROM measures its 40 MHz crystal as (core/esp32/rom-clock.ts): CK8M_FREQ here and the calibration
 * value in RTCCALICFG1 give 1616 x 15625 x 64 / 40 = 40.4 MHz. A chosen value, not a measured one: a 1% drift,
 * which a ROM baud change that ignores it survives (a UART tolerates about 2%), but which the exact figures show.
 */
export const ROM_CK8M_FREQ = 64;
export const ROM_RTC_CALI_VALUE = 1616;

/** CRC-8 over the MAC as ESP-IDF's esp_crc8 computes it (reflected polynomial 0x8C, Dallas/Maxim). */
export function macCrc8(mac: Uint8Array): number {
  let crc = 0;
  for (const byte of mac) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0x8c : crc >>> 1;
  }
  return crc & 0xff;
}

/** The seven read words of eFuse block 0. */
export function efuseBlock0(mac: Uint8Array): number[] {
  const w = new Array<number>(7).fill(0);
  // RDATA1: the low four MAC bytes; RDATA2: the high two, then the MAC's CRC.
  w[1] = ((mac[2]! << 24) | (mac[3]! << 16) | (mac[4]! << 8) | mac[5]!) >>> 0;
  w[2] = ((macCrc8(mac) << 16) | (mac[0]! << 8) | mac[1]!) >>> 0;
  // RDATA3: bit 0 app CPU disabled (0: dual core), bit 1 BT disabled (0), bits 9-11 + bit 2 package
  // (0: D0WDQ6), bit 12 CPU frequency low (0: 240 MHz), bit 13 frequency rated (1), bit 15 revision bit 0.
  w[3] = (1 << 13) | (1 << 15);
  // RDATA4: bits 0-7 the RC oscillator's calibrated frequency (CK8M_FREQ, see ROM_CK8M_FREQ), bits 8-12 ADC
  // reference voltage calibration (non-zero: "VRef calibration in efuse").
  w[4] = (0x14 << 8) | ROM_CK8M_FREQ;
  // RDATA5: bit 20 revision bit 1.
  w[5] = 1 << 20;
  // RDATA6: bits 0-1 coding scheme (0: none).
  w[6] = 0;
  return w;
}
