// UART0 of the chip and the wires to the hosts. The chip transmits at its own baud (clock / divider); each host
// endpoint transmits at its own baud (RFC 2217 SET-BAUDRATE) or, where the endpoint has no baud (socket://,
// a pseudo-terminal), at the chip's. Bytes are paced on both wires; a receiver whose baud differs from the
// sender's gets what a real UART would make of them (sim/uart/baud-mismatch.ts). Faults apply on the wire,
// and a host's USB-UART runs no faster than LineFaults.maxBaud allows.
import type { FaultInjector } from '../seam/faults.ts';
import { PacedLine } from './paced-line.ts';
import { baudsMatch, receiveAtBaud } from './baud-mismatch.ts';
import type { UartClock } from './uart-clock.ts';

export type EndpointKind = 'socket' | 'rfc2217' | 'pty';

/** What an endpoint connection offers the UART. */
export interface HostSink {
  readonly endpoint: EndpointKind;
  /** Who is connected (e.g. "127.0.0.1:53422"), for events. */
  readonly remote: string;
  /** The host side's baud, or undefined where the endpoint has none (it then always matches the chip). */
  hostBaud(): number | undefined;
  /** Bytes for the host, already paced. */
  write(data: Buffer): void;
  /** Close the connection (unplug, shutdown). */
  disconnect(): void;
}

export interface ChipUartOptions {
  paced: boolean;
  clock: UartClock;
  faults: FaultInjector;
  /** Bytes the chip's receiver got, after pacing, faults and baud matching. */
  onReceive(data: Buffer): void;
  /** Bytes leaving the chip (before the wire), for the output tap. */
  onTransmit?(data: Buffer): void;
}

/** One attached host: its own wire towards the chip. */
export class HostPort {
  readonly rx: PacedLine;

  constructor(readonly sink: HostSink, private readonly uart: ChipUart, paced: boolean) {
    this.rx = new PacedLine({ paced, deliver: (data, baud) => uart.deliverToChip(data, baud, this) });
  }

  /** Bytes the host sent; they travel at the host's baud. */
  receive(data: Buffer): void {
    this.rx.send(data, this.sink.hostBaud() ?? this.uart.chipBaud);
  }

  detach(): void {
    this.rx.close();
    this.uart.detach(this);
  }
}

export class ChipUart {
  private readonly ports = new Set<HostPort>();
  private readonly tx: PacedLine;

  constructor(private readonly options: ChipUartOptions) {
    this.tx = new PacedLine({ paced: options.paced, deliver: (data, baud) => this.deliverToHosts(data, baud) });
  }

  get chipBaud(): number {
    return this.options.clock.baud;
  }

  get attached(): readonly HostPort[] {
    return [...this.ports];
  }

  attach(sink: HostSink): HostPort {
    const port = new HostPort(sink, this, this.options.paced);
    this.ports.add(port);
    return port;
  }

  detach(port: HostPort): void {
    this.ports.delete(port);
  }

  /** The chip queues bytes for transmission at its current baud. */
  transmit(data: Uint8Array): void {
    if (data.length === 0) return;
    this.options.onTransmit?.(Buffer.from(data));
    this.tx.send(data, this.chipBaud);
  }

  /** Resolves when every byte the chip queued has left the wire. */
  whenTxIdle(): Promise<void> {
    return this.tx.whenIdle();
  }

  /** A chip reset or power loss: bytes still in the TX FIFO are lost. */
  purgeTx(): void {
    this.tx.purge();
  }

  /** Bytes still on their way to the chip from every host are lost (power loss). */
  purgeRx(): void {
    for (const p of this.ports) p.rx.purge();
  }

  close(): void {
    this.tx.close();
    for (const p of [...this.ports]) p.detach();
  }

  /** @internal a host's wire delivered bytes to the chip's receiver. */
  deliverToChip(data: Buffer, senderBaud: number, port: HostPort): void {
    let bytes = this.options.faults.apply(data, 'to-board', port);
    const chip = this.chipBaud;
    const sent = this.options.faults.hostUartBaud(senderBaud);
    if (!baudsMatch(sent, chip)) bytes = receiveAtBaud(bytes, sent, chip);
    if (bytes.length > 0) this.options.onReceive(bytes);
  }

  private deliverToHosts(data: Buffer, senderBaud: number): void {
    for (const port of this.ports) {
      let bytes = this.options.faults.apply(data, 'from-board', port);
      // An endpoint without a baud follows the chip, up to what the host's USB-UART can do.
      const hostBaud = this.options.faults.hostUartBaud(port.sink.hostBaud() ?? senderBaud);
      if (!baudsMatch(senderBaud, hostBaud)) bytes = receiveAtBaud(bytes, senderBaud, hostBaud);
      if (bytes.length > 0) port.sink.write(bytes);
    }
  }
}
