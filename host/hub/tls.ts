// The hub's local certificate authority: made once in <data>/tls, it signs the hub's server
// certificate for this machine's names and addresses. Clients trust ca.pem (push/bridge --ca, the
// device's settings), never the server certificate itself, so a new server certificate (a new
// address) needs no change on the devices. RSA 2048 because ESP32 mbedTLS handshakes it everywhere.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import selfsigned from 'selfsigned';

export interface TlsFiles {
  /** The CA certificate clients trust. */
  caFile: string;
  ca: string;
  cert: string;
  key: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

function addresses(): string[] {
  const out = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) out.add(a.address.split('%')[0]!);
  return [...out];
}

function names(): string[] {
  return [...new Set(['localhost', hostname()])];
}

/** True when the server certificate still covers every name and address this machine has. */
function covers(certPem: string): boolean {
  const cert = new X509Certificate(certPem);
  if (Date.parse(cert.validTo) < Date.now() + 30 * 24 * 3600 * 1000) return false;
  const san = cert.subjectAltName ?? '';
  return names().every((n) => san.includes(`DNS:${n}`)) && addresses().every((a) => cert.checkIP(a) !== undefined);
}

/** Load the local CA and server certificate from <dataDir>/tls, making whichever is missing or stale. */
export async function localTls(dataDir: string): Promise<TlsFiles> {
  const dir = join(dataDir, 'tls');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = join(dir, 'ca.pem');
  const caKeyFile = join(dir, 'ca-key.pem');
  const certFile = join(dir, 'server.pem');
  const keyFile = join(dir, 'server-key.pem');

  if (!existsSync(caFile) || !existsSync(caKeyFile)) {
    const ca = await selfsigned.generate([{ name: 'commonName', value: `espkit hub CA (${hostname()})` }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 10 * YEAR_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    });
    writeFileSync(caKeyFile, ca.private, { mode: 0o600 });
    writeFileSync(caFile, ca.cert);
  }
  const caCert = readFileSync(caFile, 'utf8');
  const caKey = readFileSync(caKeyFile, 'utf8');

  if (!existsSync(certFile) || !existsSync(keyFile) || !covers(readFileSync(certFile, 'utf8'))) {
    const server = await selfsigned.generate([{ name: 'commonName', value: hostname() }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 2 * YEAR_MS),
      ca: { key: caKey, cert: caCert },
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [...names().map((value) => ({ type: 2 as const, value })), ...addresses().map((ip) => ({ type: 7 as const, ip }))],
        },
      ],
    });
    writeFileSync(keyFile, server.private, { mode: 0o600 });
    writeFileSync(certFile, server.cert);
  }
  return { caFile, ca: caCert, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}
