// socket://host:port: raw TCP to an emulator or a serial server, as pyserial and QEMU use it.
// There are no modem lines and no baud on a raw socket: those calls only say so in --verbose.
import type net from 'node:net';
import { Link, type LinkOptions, type ModemSignals } from '../../core/link.ts';
import { connectTcp } from './tcp.ts';

export class SocketLink extends Link {
  readonly kind = 'socket' as const;
  private readonly socket: net.Socket;

  private constructor(name: string, socket: net.Socket, options: LinkOptions) {
    super(name, options);
    this.socket = socket;
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('error', () => {}); // reported through 'close' below
    socket.on('close', () => this.deviceLost(`the connection to ${name} closed`));
  }

  static async open(name: string, host: string, port: number, options: LinkOptions): Promise<SocketLink> {
    const socket = await connectTcp(name, host, port, options.connectTimeoutMs ?? 5000);
    return new SocketLink(name, socket, options);
  }

  protected async applySignals(signals: ModemSignals): Promise<void> {
    this.note(`${this.name}: socket:// has no modem lines; DTR=${+signals.dtr} RTS=${+signals.rts} not sent`);
  }

  protected async applyBaud(baud: number): Promise<void> {
    this.note(`${this.name}: socket:// has no baud setting; ${baud} applies only to the other end`);
  }

  protected transmit(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (err) => (err ? reject(err) : resolve())));
  }

  protected async shutdown(): Promise<void> {
    this.socket.removeAllListeners('close');
    if (this.socket.destroyed) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }
}
