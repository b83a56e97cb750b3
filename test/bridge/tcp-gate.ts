// A TCP forwarder the test can shut and open again on the same port: the bridge reaches the broker through
// it, so the test decides when the bridge may reconnect after a broker restart (only once the subscriber
// that checks the lines is back), instead of leaving it to the race between two reconnect timers.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';

export class TcpGate {
  port = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly targetPort: number) {}

  static async open(targetPort: number): Promise<TcpGate> {
    const gate = new TcpGate(targetPort);
    await gate.listen(0);
    return gate;
  }

  /** `url` with its port replaced by the gate's (the login, if any, kept). */
  through(url: string): string {
    const u = new URL(url);
    u.port = String(this.port);
    return u.toString();
  }

  /** Drop every connection and refuse new ones. */
  async shut(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (s) {
      s.close();
      await once(s, 'close');
    }
  }

  async reopen(): Promise<void> {
    await this.listen(this.port);
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((inbound) => {
      const outbound = connect(this.targetPort, '127.0.0.1');
      for (const s of [inbound, outbound]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => {
          this.sockets.delete(s);
          inbound.destroy();
          outbound.destroy();
        });
      }
      inbound.pipe(outbound);
      outbound.pipe(inbound);
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }
}
