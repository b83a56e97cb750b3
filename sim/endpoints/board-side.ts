// What the board offers its endpoints (socket://, rfc2217://, the pseudo-terminal): attach a connection to the
// UART, drive the modem lines, purge buffers. One small interface so endpoints stay ignorant of the board.
import type { ModemSignals } from '../../host/link/link.ts';
import type { HostPort, HostSink } from '../uart/chip-uart.ts';

export interface BoardSide {
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
