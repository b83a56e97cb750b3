// What the ROM loader and the stub have in common: SLIP packets in, one command handled at a time (the chip
// is single-threaded here: bytes that arrive meanwhile wait in its buffer), SLIP packets out.
import { SlipDecoder, slipEncode } from '../../core/protocol/slip.ts';
import type { BoardServices, Personality } from '../seam/personality.ts';
import type { UartClock } from '../uart/uart-clock.ts';
import type { RegisterSpace } from './registers.ts';

/** The hardware a loader needs beyond what every program gets. */
export interface LoaderServices extends BoardServices {
  readonly clock: UartClock;
  readonly registers: RegisterSpace;
  /** The stub keeps the ROM's baud (BoardOptions.stubKeepsBaud); false: it starts at 115200. */
  readonly stubKeepsBaud: boolean;
  /** Resolves once everything queued on UART0 has left the wire (a baud change must wait for it). */
  whenTxIdle(): Promise<void>;
  /** Hand the chip to another program (the ROM jumping into a flasher stub it just loaded). */
  replaceProgram(start: (services: LoaderServices) => Personality): void;
  /** Leave the loader and continue the boot from flash, without a reset ("run user code"). */
  runUserCode(): void;
  /** The boot mode the strapping pins select right now (a software reset latches them again). */
  strapMode(): 'download' | 'flash';
  /** The chip stopped answering (it jumped into code the board cannot run). */
  hang(reason: string): void;
}

export abstract class PacketLoader implements Personality {
  private readonly decoder = new SlipDecoder();
  private readonly queue: Buffer[] = [];
  private waiter: ((packet: Buffer | undefined) => void) | undefined;
  private busy = false;
  private byteWaiters: Array<() => void> = [];
  protected stopped = false;

  constructor(protected readonly services: LoaderServices) {}

  receive(data: Buffer): void {
    if (this.stopped) return;
    const byteWaiters = this.byteWaiters;
    this.byteWaiters = [];
    for (const w of byteWaiters) w();
    for (const packet of this.decoder.feed(data)) {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(packet);
      } else {
        this.queue.push(packet);
      }
    }
    void this.pump();
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    const byteWaiters = this.byteWaiters;
    this.byteWaiters = [];
    for (const w of byteWaiters) w();
    const w = this.waiter;
    this.waiter = undefined;
    w?.(undefined);
  }

  /** Handle one request packet (already un-SLIPped). */
  protected abstract handle(packet: Buffer): Promise<void> | void;

  /** Send one packet, SLIP-framed. */
  protected send(packet: Uint8Array): void {
    if (!this.stopped) this.services.uartWrite(slipEncode(packet));
  }

  /** The next packet from the host, for commands with a flow of their own (the stub's READ_FLASH acks). */
  protected nextPacket(): Promise<Buffer | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => { this.waiter = resolve; });
  }

  /**
   * Resolves when the next bytes from the host arrive, or after `timeoutMs`. Work that a real chip's CPU does
   * while its UART receives in hardware waits for this here: done earlier, it would hold up this process's
   * event loop just when the host's next bytes come in, and the line would start them late.
   */
  protected whenBytesArrive(timeoutMs: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.byteWaiters.push(done);
    });
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.stopped && this.queue.length > 0) {
        await this.handle(this.queue.shift()!);
      }
    } catch (err) {
      this.services.emit({ type: 'error', where: 'loader', message: (err as Error).message });
    } finally {
      this.busy = false;
    }
  }
}
