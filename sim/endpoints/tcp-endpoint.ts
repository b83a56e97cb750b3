// A TCP listener on 127.0.0.1 whose connections are hosts on the board's UART. The raw protocol (socket://,
// as QEMU and pyserial's socket:// speak it) is the default; RFC 2217 plugs in its own per-connection codec.
import net from 'node:net';
import type { EndpointKind, HostPort, HostSink } from '../uart/chip-uart.ts';
import { BUSY_GRACE_MS, HOST_BUFFER_LIMIT, busyBanner, type BoardSide } from './board-side.ts';

/** How one connection turns wire bytes into UART bytes and back. */
export interface ConnectionCodec {
  /** Bytes from the network; call `toBoard` with the serial data inside them. */
  fromWire(chunk: Buffer, toBoard: (data: Buffer) => void): void;
  /** Serial data for the host, framed for the wire. */
  toWire(data: Buffer): Buffer;
  /** The host's baud, if the protocol carries one. */
  hostBaud(): number | undefined;
  /** Called once the connection is attached (an RFC 2217 server greets here). */
  start?(port: HostPort): void;
}

export type CodecFactory = (socket: net.Socket, board: BoardSide) => ConnectionCodec;

const rawCodec: CodecFactory = () => ({
  fromWire: (chunk, toBoard) => toBoard(chunk),
  toWire: (data) => data,
  hostBaud: () => undefined,
});

export class TcpEndpoint {
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly kind: EndpointKind,
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  get url(): string {
    return `${this.kind === 'rfc2217' ? 'rfc2217' : 'socket'}://127.0.0.1:${this.port}`;
  }

  /** Listen on 127.0.0.1:`port` (0 picks a free one). */
  static listen(kind: EndpointKind, board: BoardSide, port = 0, codecFactory: CodecFactory = rawCodec): Promise<TcpEndpoint> {
    return new Promise((resolve, reject) => {
      let endpoint: TcpEndpoint | undefined;
      const server = net.createServer((socket) => void endpoint?.admit(socket, board, codecFactory));
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(new Error(err.code === 'EADDRINUSE' ? `port ${port} on 127.0.0.1 is already in use; pick another or pass 0` : err.message));
      });
      server.listen(port, '127.0.0.1', () => {
        const address = server.address() as net.AddressInfo;
        endpoint = new TcpEndpoint(kind, server, address.port);
        resolve(endpoint);
      });
    });
  }

  /** Stop listening and close every connection. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Close the connections but keep listening (an unplugged board refuses new ones through attach()). */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  /** One host at a time: a second one waits a moment for the first to go, then is told the port is busy. */
  private async admit(socket: net.Socket, board: BoardSide, codecFactory: CodecFactory): Promise<void> {
    socket.on('error', () => {});
    for (let waited = 0; board.holder() !== undefined && waited < BUSY_GRACE_MS && !socket.destroyed; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const holder = board.holder();
    if (socket.destroyed) return;
    if (holder !== undefined) {
      socket.end(busyBanner(holder));
      return;
    }
    this.accept(socket, board, codecFactory);
  }

  private accept(socket: net.Socket, board: BoardSide, codecFactory: CodecFactory): void {
    socket.setNoDelay(true);
    socket.on('error', () => {}); // a reset by the peer ends up in 'close'
    const codec = codecFactory(socket, board);
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    const sink: HostSink = {
      endpoint: this.kind,
      remote,
      hostBaud: () => codec.hostBaud(),
      write: (data) => {
        // A host that stops reading loses output beyond a buffer, as with a real USB-UART bridge.
        if (socket.destroyed || socket.writableLength > HOST_BUFFER_LIMIT) return;
        socket.write(codec.toWire(data));
      },
      disconnect: () => socket.destroy(),
    };
    const port = board.attach(sink);
    if (!port) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('data', (chunk: Buffer) => codec.fromWire(chunk, (data) => port.receive(data)));
    socket.on('close', () => {
      this.sockets.delete(socket);
      board.detach(port);
    });
    codec.start?.(port);
  }
}
