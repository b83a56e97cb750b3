// The bytes Espruino's console treats specially, and the size of its input buffer: the one definition the
// host's REPL and the virtual board's console (model and real interpreter) both use, so they cannot drift.
// Sources: Espruino src/jsinteractive.c (jsiHandleChar, jsiHandleNewLine, jsiCtrlC), src/jsdevices.c
// (jshPushIOCharEvent) and scripts/build_platform_config.py (IOBUFFER_XOFF, IOBUFFER_XON). The virtual board's
// tests against the real interpreter hold it to these figures (test/sim/real-espruino-repl.test.ts).

/** Ctrl-C: clears a half-typed input line or interrupts running code; it never enters the input buffer. */
export const CTRL_C = 0x03;
/** A line that starts with DLE runs without echo, without its `=result` and without entering the history. */
export const DLE = 0x10;
/** Flow control, board to host: room again. */
export const XON = 0x11;
/** Flow control, board to host: stop sending. */
export const XOFF = 0x13;

/** The console UART's input buffer on the ESP32, in bytes. */
export const RX_CAPACITY = 4096;
/** The board sends XOFF once more than three quarters of the buffer are used... */
export const XOFF_AT = (RX_CAPACITY * 6) / 8;
/** ...and XON once the fill has drained below three eighths. */
export const XON_AT = (RX_CAPACITY * 3) / 8;
