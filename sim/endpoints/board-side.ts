// What the board offers its endpoints (socket://, rfc2217://, the pseudo-terminal): attach a connection to the
// UART, drive the modem lines, purge buffers. One small interface so endpoints stay ignorant of the board.
import type { ModemSignals } from '../../core/link.ts';
import type { HostPort, HostSink } from '../uart/chip-uart.ts';

export interface BoardSide {
  /**
   * Who holds UART0 now ("rfc2217 client 127.0.0.1:53422"), or undefined when nobody does. One host at a time,
   * as on a real serial port: a second one is refused as busy (tcp-endpoint.ts) instead of resetting the board
   * under the first.
   */
  holder(): string | undefined;
  /** Attach a host connection to UART0; undefined while the board is unplugged (close the connection then). */
  attach(sink: HostSink): HostPort | undefined;
  /** The connection went away. */
  detach(port: HostPort): void;
  /** DTR/RTS as set by a host that has modem lines (RFC 2217). */
  setModemLines(port: HostPort, lines: ModemSignals): void;
  /** The host's baud changed (RFC 2217 SET-BAUDRATE), for the event stream. */
  hostBaudChanged(port: HostPort, baud: number): void;
  /** RFC 2217 PURGE-DATA: drop what is queued towards the board (rx) and/or towards the host (tx). */
  purge(port: HostPort, rx: boolean, tx: boolean): void;
}

/** Beyond this much unread output a host connection loses bytes, like a USB-UART whose host stopped reading. */
export const HOST_BUFFER_LIMIT = 1 << 20;

/** What a second host reads before the connection closes: ser2net's wording, which espkit's links recognise. */
export function busyBanner(holder: string): Buffer {
  return Buffer.from(`Port already in use: held by ${holder}\r\n`, 'latin1');
}

/**
 * A host that closes its connection and opens the next one at once (flash, then monitor) can arrive before
 * the first connection's close reached the board; waiting this long for the holder to go tells that apart
 * from a second program holding the port.
 */
export const BUSY_GRACE_MS = 1500;
