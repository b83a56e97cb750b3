// The far end of a socket:// port for bridge tests that need no Espruino: a raw TCP serial server (what
// ser2net or a QEMU chardev offers) whose "board" side the test drives. It can be unplugged and plugged
// back on the same port.
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';

export class SerialPeer {
  /** Everything the host wrote to the "board". */
  received = Buffer.alloc(0);
  private server: Server | undefined;
  private socket: Socket | undefined;
  private waiters: Array<() => void> = [];
  port = 0;

  static async start(): Promise<SerialPeer> {
    const peer = new SerialPeer();
    await peer.listen(0);
    return peer;
  }

  get name(): string {
    return `socket://127.0.0.1:${this.port}`;
  }

  get connected(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  /** Bytes from the "board" to the host (a string is taken byte for byte, as latin1). */
  send(data: string | Buffer): void {
    if (!this.socket) throw new Error('no host connected');
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Resolves once a host is connected. */
  async whenConnected(timeoutMs = 15_000): Promise<void> {
    await this.until(() => this.connected, timeoutMs, 'a host to connect');
  }

  /** Resolves once the host has written `text`. */
  async untilReceived(text: string, timeoutMs = 15_000): Promise<void> {
    await this.until(() => this.received.toString('latin1').includes(text), timeoutMs, `the host to write ${JSON.stringify(text)}`);
  }

  /** Pull the plug: drop the host and stop listening. */
  async unplug(): Promise<void> {
    this.socket?.destroy();
    this.socket = undefined;
    const s = this.server;
    this.server = undefined;
    if (s) {
      s.close();
      await once(s, 'close');
    }
  }

  async replug(): Promise<void> {
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.unplug();
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((socket) => {
      this.socket?.destroy();
      this.socket = socket;
      socket.on('data', (d: Buffer) => {
        this.received = Buffer.concat([this.received, d]);
        this.poke();
      });
      socket.on('error', () => {});
      this.poke();
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  private poke(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  private async until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }
}
