// Opening a TCP connection with errors a person can act on (shared by socket:// and rfc2217://).
import net from 'node:net';
import { EspkitError } from '../../core/errors.ts';

export function connectTcp(url: string, host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new EspkitError(`cannot reach ${url}: no answer within ${timeoutMs / 1000} s (is the host up and the port right?)`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new EspkitError(`cannot reach ${url}: ${describeNetError(err)}`, { cause: err }));
    });
  });
}

function describeNetError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED': return 'connection refused (is the server, emulator or `espkit sim` running on that port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return 'unknown host (check the name)';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH': return 'host unreachable (check the network)';
    case 'ETIMEDOUT': return 'connection timed out';
    default: return err.message;
  }
}
