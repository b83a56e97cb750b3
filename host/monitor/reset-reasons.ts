// ESP32 reset reasons and boot modes, as the ROM prints them at every reset:
//   rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)
// Codes and names: the RESET_REASON enum of the ESP32 ROM (esp-idf components/esp_rom/include/esp32/rom/rtc.h).
// The explanations say what usually causes each one on a DevKit running Espruino.

export interface ResetReason {
  code: number;
  name: string;
  meaning: string;
}

export const ESP32_RESET_REASONS: readonly ResetReason[] = [
  { code: 0x1, name: 'POWERON_RESET', meaning: 'power-on, or the EN line (the reset button, or RTS from the host)' },
  { code: 0x3, name: 'SW_RESET', meaning: 'software reset of the digital core' },
  { code: 0x4, name: 'OWDT_RESET', meaning: 'the legacy watchdog reset the digital core' },
  { code: 0x5, name: 'DEEPSLEEP_RESET', meaning: 'woke up from deep sleep' },
  { code: 0x6, name: 'SDIO_RESET', meaning: 'the SDIO (SLC) module reset the digital core' },
  { code: 0x7, name: 'TG0WDT_SYS_RESET', meaning: 'the timer group 0 watchdog reset the system: a task or interrupt hung' },
  { code: 0x8, name: 'TG1WDT_SYS_RESET', meaning: 'the timer group 1 watchdog reset the system: a task or interrupt hung' },
  { code: 0x9, name: 'RTCWDT_SYS_RESET', meaning: 'the RTC watchdog reset the digital core' },
  { code: 0xa, name: 'INTRUSION_RESET', meaning: 'the intrusion test reset the CPU' },
  { code: 0xb, name: 'TGWDT_CPU_RESET', meaning: 'a timer group watchdog reset the CPU: a task or interrupt hung' },
  { code: 0xc, name: 'SW_CPU_RESET', meaning: 'software reset of the CPU: a panic, esp_restart() or E.reboot()' },
  { code: 0xd, name: 'RTCWDT_CPU_RESET', meaning: 'the RTC watchdog reset the CPU' },
  { code: 0xe, name: 'EXT_CPU_RESET', meaning: 'the PRO CPU reset the APP CPU' },
  { code: 0xf, name: 'RTCWDT_BROWN_OUT_RESET', meaning: 'the supply voltage dropped (brown-out): check the USB cable, hub or power supply' },
  { code: 0x10, name: 'RTCWDT_RTC_RESET', meaning: 'the RTC watchdog reset the chip (usual right after a flashing tool resets it)' },
];

export interface BootLine {
  reason?: ResetReason;
  /** The code as printed, also when it is not one we know. */
  reasonCode: number;
  bootCode?: number;
  /** "flash" (SPI_FAST_FLASH_BOOT, SPI_FLASH_BOOT), "download" (DOWNLOAD_BOOT...) or another mode named by the ROM. */
  bootMode?: string;
}

const BOOT_LINE = /\brst:0x([0-9a-f]+)(?: \(([A-Z0-9_]+)\))?(?:,\s*boot:0x([0-9a-f]+)(?: \(([^)]*(?:\([^)]*\))?[^)]*)\))?)?/i;

/** Parse the ROM's reset line; undefined for any other line. */
export function parseBootLine(line: string): BootLine | undefined {
  const m = BOOT_LINE.exec(line);
  if (!m) return undefined;
  const reasonCode = parseInt(m[1]!, 16);
  const result: BootLine = { reasonCode, reason: ESP32_RESET_REASONS.find((r) => r.code === reasonCode) };
  if (m[3] !== undefined) {
    result.bootCode = parseInt(m[3], 16);
    const modeName = m[4] ?? '';
    result.bootMode = /DOWNLOAD/i.test(modeName) ? 'download' : /FLASH_BOOT/i.test(modeName) ? 'flash' : modeName || undefined;
  }
  return result;
}

/** One line for people: what reset the chip and what it does next. */
export function describeBootLine(boot: BootLine): string {
  const code = `0x${boot.reasonCode.toString(16)}`;
  const what = boot.reason ? `${boot.reason.name} (${code}): ${boot.reason.meaning}` : `unknown reset reason ${code}`;
  const next =
    boot.bootMode === 'flash' ? '; booting from flash'
      : boot.bootMode === 'download' ? '; GPIO0 was low, so it waits in download mode (Ctrl-T Ctrl-R resets into the app)'
        : boot.bootMode ? `; boot mode ${boot.bootMode}` : '';
  return `reset: ${what}${next}`;
}
