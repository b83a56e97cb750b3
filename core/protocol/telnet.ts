// Telnet framing and the RFC 2217 COM-PORT-OPTION, written once for both ends:
// the rfc2217:// Link (client) and the virtual board's RFC 2217 server.
// Source: RFC 854 (telnet), RFC 2217 (Telnet Com Port Control Option).

export const IAC = 0xff;
/** One escaped IAC as data (IAC IAC on the wire). */
const IAC_DATA = Buffer.from([IAC]);
export const DONT = 0xfe;
export const DO = 0xfd;
export const WONT = 0xfc;
export const WILL = 0xfb;
export const SB = 0xfa;
export const SE = 0xf0;

export const OPT_BINARY = 0;
export const OPT_ECHO = 1;
export const OPT_SGA = 3;
export const OPT_COM_PORT = 44;

/** RFC 2217 client-to-server sub-commands; the server answers with the same code + 100. */
export const CPO = {
  SIGNATURE: 0,
  SET_BAUDRATE: 1,
  SET_DATASIZE: 2,
  SET_PARITY: 3,
  SET_STOPSIZE: 4,
  SET_CONTROL: 5,
  NOTIFY_LINESTATE: 6,
  NOTIFY_MODEMSTATE: 7,
  FLOWCONTROL_SUSPEND: 8,
  FLOWCONTROL_RESUME: 9,
  SET_LINESTATE_MASK: 10,
  SET_MODEMSTATE_MASK: 11,
  PURGE_DATA: 12,
} as const;
export const SERVER_OFFSET = 100;

/** SET-CONTROL values (RFC 2217 section 3). */
export const CONTROL = {
  REQUEST_FLOW: 0,
  FLOW_NONE: 1,
  FLOW_XONXOFF: 2,
  FLOW_HARDWARE: 3,
  REQUEST_BREAK: 4,
  BREAK_ON: 5,
  BREAK_OFF: 6,
  REQUEST_DTR: 7,
  DTR_ON: 8,
  DTR_OFF: 9,
  REQUEST_RTS: 10,
  RTS_ON: 11,
  RTS_OFF: 12,
} as const;

export type TelnetEvent =
  | { type: 'data'; data: Buffer }
  | { type: 'negotiate'; verb: number; option: number }
  | { type: 'subnegotiation'; option: number; data: Buffer }
  | { type: 'command'; command: number };

/**
 * Splits a telnet byte stream into data and commands. Feed it chunks as they come;
 * sequences split across chunks are kept until they are complete.
 */
export class TelnetParser {
  private state: 'data' | 'iac' | 'verb' | 'sb' | 'sb-iac' = 'data';
  private verb = 0;
  private sub: number[] = [];

  feed(chunk: Uint8Array): TelnetEvent[] {
    const events: TelnetEvent[] = [];
    // Runs of data are sliced, not copied byte by byte: a 16 KB flash block must reach the UART at once.
    let data: Uint8Array[] = [];
    const flush = (): void => {
      if (data.length > 0) events.push({ type: 'data', data: Buffer.concat(data) });
      data = [];
    };
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      switch (this.state) {
        case 'data': {
          if (b === IAC) { this.state = 'iac'; break; }
          const end = chunk.indexOf(IAC, i);
          const stop = end < 0 ? chunk.length : end;
          data.push(chunk.subarray(i, stop));
          i = stop - 1;
          break;
        }
        case 'iac':
          if (b === IAC) { data.push(IAC_DATA); this.state = 'data'; }
          else if (b === WILL || b === WONT || b === DO || b === DONT) { this.verb = b; this.state = 'verb'; }
          else if (b === SB) { this.sub = []; this.state = 'sb'; }
          else { flush(); events.push({ type: 'command', command: b }); this.state = 'data'; }
          break;
        case 'verb':
          flush();
          events.push({ type: 'negotiate', verb: this.verb, option: b });
          this.state = 'data';
          break;
        case 'sb':
          if (b === IAC) this.state = 'sb-iac';
          else this.sub.push(b);
          break;
        case 'sb-iac':
          if (b === IAC) { this.sub.push(IAC); this.state = 'sb'; }
          else if (b === SE) {
            flush();
            const [option = 0, ...rest] = this.sub;
            events.push({ type: 'subnegotiation', option, data: Buffer.from(rest) });
            this.state = 'data';
          } else {
            // A protocol error (IAC followed by something other than IAC/SE inside SB): drop the sub-negotiation.
            this.state = 'data';
          }
          break;
      }
    }
    flush();
    return events;
  }
}

/** Escape data bytes for the wire: 0xFF becomes 0xFF 0xFF. */
export function escapeData(data: Uint8Array): Buffer {
  let at = data.indexOf(IAC);
  if (at < 0) return Buffer.from(data);
  const parts: Uint8Array[] = [];
  let from = 0;
  while (at >= 0) {
    parts.push(data.subarray(from, at + 1), IAC_DATA);
    from = at + 1;
    at = data.indexOf(IAC, from);
  }
  parts.push(data.subarray(from));
  return Buffer.concat(parts);
}

export function negotiate(verb: number, option: number): Buffer {
  return Buffer.from([IAC, verb, option]);
}

/** IAC SB <option> <payload, escaped> IAC SE */
export function subnegotiation(option: number, payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([IAC, SB, option]), escapeData(payload), Buffer.from([IAC, SE])]);
}

/** An RFC 2217 COM-PORT-OPTION sub-negotiation: command code then its value. */
export function comPort(command: number, value: Uint8Array): Buffer {
  return subnegotiation(OPT_COM_PORT, Buffer.concat([Buffer.from([command]), value]));
}

export function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}
