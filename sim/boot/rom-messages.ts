// What the ESP32 ROM prints on UART0 at every reset, before anything from flash runs.
// Source: docs/esp32-serial.md ("On reset the ROM first prints its build date...") and boot logs of
// revision 3 chips (ets Jul 29 2019). The ROM ends its lines with CR LF.
import type { ResetReason } from '../seam/personality.ts';

/** The build line of the revision 3 ROM (older revisions print "ets Jun  8 2016 00:22:57"). */
export const ROM_BUILD_LINE = 'ets Jul 29 2019 12:21:46';

export const RESET_CODES: Record<ResetReason, number> = {
  POWERON_RESET: 0x1,
  SW_RESET: 0x3,
  SW_CPU_RESET: 0xc,
  RTCWDT_RTC_RESET: 0x10,
};

/** Boot strap values as the ROM prints them: GPIO0 low on a DevKit gives 0x3, flash boot 0x13. */
export const BOOT_DOWNLOAD = '0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))';
export const BOOT_FLASH = '0x13 (SPI_FAST_FLASH_BOOT)';

export function crlf(lines: string[]): string {
  return lines.map((l) => `${l}\r\n`).join('');
}

/** The lines printed at reset, up to the boot mode. */
export function resetBanner(reason: ResetReason, mode: 'download' | 'flash'): string {
  const code = RESET_CODES[reason];
  const rst = `rst:0x${code.toString(16)} (${reason}),boot:${mode === 'download' ? BOOT_DOWNLOAD : BOOT_FLASH}`;
  const lines = [ROM_BUILD_LINE, '', rst];
  if (mode === 'download') lines.push('waiting for download');
  return crlf(lines);
}
