// Crash lines of the ESP32 (ESP-IDF's panic handler, which Espruino's ESP32 build runs on) and what they mean.
// Line formats and exception causes: ESP-IDF "Fatal Errors" guide (api-guides/fatal-errors) and the
// Xtensa exception cause names the panic handler prints.

export interface CrashLine {
  /** A short explanation for people. */
  note: string;
}

/** Xtensa exception causes and ESP-IDF panic reasons, as printed in "Core N panic'ed (...)". */
const PANIC_CAUSES: Record<string, string> = {
  LoadProhibited: 'read from an invalid address (often a NULL pointer)',
  StoreProhibited: 'write to an invalid address (often a NULL pointer)',
  InstrFetchProhibited: 'jumped to an invalid address (a bad function pointer or a smashed stack)',
  IllegalInstruction: 'ran an invalid instruction (corrupt code, a bad function pointer or a smashed stack)',
  LoadStoreAlignment: 'an unaligned memory access',
  LoadStoreError: 'a byte access to memory that allows only 32-bit access (IRAM/ROM)',
  IntegerDivideByZero: 'an integer division by zero',
  'Unhandled debug exception': 'a breakpoint or watchpoint fired (often the stack overflow guard)',
  'Double exception': 'an exception inside the exception handler (often a stack overflow)',
  'Cache disabled but cached memory region accessed': 'code or data in flash was used while the flash was busy (an ISR without IRAM_ATTR?)',
  'Interrupt wdt timeout on CPU0': 'the interrupt watchdog fired: interrupts were blocked too long on core 0',
  'Interrupt wdt timeout on CPU1': 'the interrupt watchdog fired: interrupts were blocked too long on core 1',
};

const GURU = /Guru Meditation Error: Core\s+(\d+) panic'ed \(([^)]+)\)/;
const ABORT = /abort\(\) was called at PC (0x[0-9a-fA-F]+) on core (\d+)/;
const CANARY = /Stack canary watchpoint triggered \(([^)]*)\)/;

/** A crash line and its explanation, or undefined for other lines. */
export function parseCrashLine(line: string): CrashLine | undefined {
  let m = GURU.exec(line);
  if (m) {
    const cause = m[2]!.trim();
    const meaning = PANIC_CAUSES[cause];
    return { note: `panic on core ${m[1]}: ${cause}${meaning ? `: ${meaning}` : ''}; the chip will reboot` };
  }
  m = ABORT.exec(line);
  if (m) return { note: `abort() on core ${m[2]} at ${m[1]}: a failed assert or a fatal error in the firmware` };
  m = CANARY.exec(line);
  if (m) return { note: `stack overflow in task "${m[1]}"` };
  if (/Brownout detector was triggered/.test(line)) {
    return { note: 'brown-out: the supply voltage dropped; check the USB cable, hub or power supply' };
  }
  if (/Task watchdog got triggered/.test(line)) {
    return { note: 'task watchdog: a task did not yield for too long (a busy loop?)' };
  }
  if (/CORRUPT HEAP/.test(line)) return { note: 'heap corruption detected' };
  return undefined;
}

/** Lines that belong to a crash report (shown as errors, no note of their own). */
export function isCrashDetail(line: string): boolean {
  return /^Backtrace:/.test(line) || /^(PC|EXCCAUSE|EXCVADDR|A\d+)\s*:\s*0x/.test(line) || /^Core\s+\d+ register dump:/.test(line);
}
