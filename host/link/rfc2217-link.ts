// rfc2217://host:port: a serial port on a remote gateway (ser2net, esp_rfc2217_server, pyserial's server,
// `espkit sim`). Telnet with the COM-PORT-OPTION (RFC 2217): baud, 8N1 and DTR/RTS travel as sub-negotiations,
// the server confirms each with the same sub-command + 100.
import type net from 'node:net';
import { EspkitError } from '../../core/errors.ts';
import { Link, type LinkOptions, type ModemSignals } from '../../core/link.ts';
import { connectTcp } from './tcp.ts';
import {
  CONTROL, CPO, DO, DONT, OPT_BINARY, OPT_COM_PORT, OPT_ECHO, OPT_SGA, SERVER_OFFSET, TelnetParser, WILL, WONT,
  comPort, escapeData, negotiate, u32be,
} from '../../core/protocol/telnet.ts';

/** How long to wait for the server to confirm a setting before going on without it. */
const CONFIRM_MS = 3000;

export class Rfc2217Link extends Link {
  readonly kind = 'rfc2217' as const;
  private readonly socket: net.Socket;
  private readonly parser = new TelnetParser();
  private readonly waiters = new Map<number, Array<(value: Buffer) => void>>();
  /** Options we already answered, so that a chatty server cannot make us loop. */
  private readonly answered = new Set<string>();
  private comPortAccepted: (() => void) | undefined;

  private constructor(name: string, socket: net.Socket, options: LinkOptions) {
    super(name, options);
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onWire(chunk));
    socket.on('error', () => {});
    socket.on('close', () => this.deviceLost(`the connection to ${name} closed`));
  }

  static async open(name: string, host: string, port: number, options: LinkOptions): Promise<Rfc2217Link> {
    const socket = await connectTcp(name, host, port, options.connectTimeoutMs ?? 5000);
    const link = new Rfc2217Link(name, socket, options);
    try {
      await link.handshake();
    } catch (err) {
      await link.close();
      throw err;
    }
    return link;
  }

  /** Offer the options, wait for the server to accept COM-PORT-OPTION, then set 8N1, the baud and both lines. */
  private async handshake(): Promise<void> {
    const accepted = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new EspkitError(`${this.name} is not an RFC 2217 server (no COM-PORT-OPTION answer); for a raw TCP port use socket://`)),
        CONFIRM_MS,
      );
      this.comPortAccepted = () => { clearTimeout(timer); resolve(); };
      // A server that hangs up instead (busy with another client, or gone) ends the wait at once.
      this.once('close', () => {
        clearTimeout(timer);
        reject(new EspkitError(this.busy ?? `${this.name} closed the connection during the RFC 2217 handshake${this.lostReason ? ` (${this.lostReason})` : ''}`));
      });
    });
    this.socket.write(Buffer.concat([
      negotiate(WILL, OPT_BINARY), negotiate(DO, OPT_BINARY),
      negotiate(WILL, OPT_SGA), negotiate(DO, OPT_SGA),
      negotiate(WILL, OPT_COM_PORT),
    ]));
    await accepted;
    await Promise.all([
      this.setting(CPO.SET_DATASIZE, Buffer.from([8])),
      this.setting(CPO.SET_PARITY, Buffer.from([1])), // 1 = NONE
      this.setting(CPO.SET_STOPSIZE, Buffer.from([1])), // 1 = one stop bit
      this.setting(CPO.SET_CONTROL, Buffer.from([CONTROL.FLOW_NONE])),
      this.applyBaud(this.baud),
      this.applySignals(this.signals),
    ]);
  }

  private onWire(chunk: Buffer): void {
    for (const ev of this.parser.feed(chunk)) {
      if (ev.type === 'data') this.receive(ev.data);
      else if (ev.type === 'negotiate') this.onNegotiate(ev.verb, ev.option);
      else if (ev.type === 'subnegotiation' && ev.option === OPT_COM_PORT && ev.data.length > 0) {
        const code = ev.data[0]! - SERVER_OFFSET;
        const queue = this.waiters.get(code);
        const waiter = queue?.shift();
        if (waiter) waiter(ev.data.subarray(1));
      }
    }
  }

  private onNegotiate(verb: number, option: number): void {
    if (option === OPT_COM_PORT && verb === DO) this.comPortAccepted?.();
    if (option === OPT_COM_PORT && verb === DONT) {
      this.deviceLost(`${this.name} refused the RFC 2217 COM-PORT-OPTION`);
      return;
    }
    const key = `${verb}:${option}`;
    if (this.answered.has(key)) return;
    this.answered.add(key);
    const ours = option === OPT_BINARY || option === OPT_SGA || option === OPT_COM_PORT;
    if (verb === DO && option !== OPT_COM_PORT) this.socket.write(negotiate(ours ? WILL : WONT, option));
    if (verb === WILL) this.socket.write(negotiate(ours || option === OPT_ECHO ? DO : DONT, option));
  }

  /** Send one COM-PORT-OPTION setting and wait for the server's confirmation (or give up quietly after a while). */
  private setting(command: number, value: Buffer): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.note(`${this.name}: server did not confirm RFC 2217 command ${command}`);
        resolve(undefined);
      }, CONFIRM_MS);
      const queue = this.waiters.get(command) ?? [];
      queue.push((reply) => { clearTimeout(timer); resolve(reply); });
      this.waiters.set(command, queue);
      this.socket.write(comPort(command, value));
    });
  }

  protected async applySignals(signals: ModemSignals): Promise<void> {
    await this.setting(CPO.SET_CONTROL, Buffer.from([signals.dtr ? CONTROL.DTR_ON : CONTROL.DTR_OFF]));
    await this.setting(CPO.SET_CONTROL, Buffer.from([signals.rts ? CONTROL.RTS_ON : CONTROL.RTS_OFF]));
  }

  protected async applyBaud(baud: number): Promise<void> {
    await this.setting(CPO.SET_BAUDRATE, u32be(baud));
  }

  protected transmit(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(escapeData(data), (err) => (err ? reject(err) : resolve())));
  }

  protected async shutdown(): Promise<void> {
    this.socket.removeAllListeners('close');
    for (const queue of this.waiters.values()) for (const w of queue) w(Buffer.alloc(0));
    this.waiters.clear();
    if (this.socket.destroyed) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }
}
