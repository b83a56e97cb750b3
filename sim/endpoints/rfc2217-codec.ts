// The server side of RFC 2217 for one connection: telnet option negotiation, the COM-PORT-OPTION sub-commands
// (baud, 8N1, DTR/RTS, purge...) answered with the sub-command + 100, and serial data escaped as telnet data.
// The telnet codec itself is shared with the rfc2217:// Link (core/protocol/telnet.ts).
// Source: RFC 2217 (Telnet Com Port Control Option), RFC 854/855 (telnet and its option negotiation).
import type net from 'node:net';
import {
  CONTROL, CPO, DO, DONT, OPT_BINARY, OPT_COM_PORT, OPT_SGA, SERVER_OFFSET, TelnetParser, WILL, WONT,
  comPort, escapeData, negotiate, u32be,
} from '../../core/protocol/telnet.ts';
import type { HostPort } from '../uart/chip-uart.ts';
import type { BoardSide } from './board-side.ts';
import { RemoteResetLines } from './remote-reset.ts';
import type { ConnectionCodec } from './tcp-endpoint.ts';

/** The serial port the server fronts starts at the console baud until the client says otherwise. */
export const RFC2217_INITIAL_BAUD = 115200;
const SIGNATURE = 'espkit sim (virtual ESP32 DevKit)';

/** Options this server does on its side (WILL) and accepts from the client (DO). */
const OURS = new Set([OPT_BINARY, OPT_SGA]);
const THEIRS = new Set([OPT_BINARY, OPT_SGA, OPT_COM_PORT]);

type OptionState = 'off' | 'requested' | 'on';

export class Rfc2217Codec implements ConnectionCodec {
  private readonly parser = new TelnetParser();
  private readonly our = new Map<number, OptionState>();
  private readonly their = new Map<number, OptionState>();
  private port: HostPort | undefined;
  private baud = RFC2217_INITIAL_BAUD;
  private dataSize = 8;
  private parity = 1; // NONE
  private stopSize = 1; // one stop bit
  private flow: number = CONTROL.FLOW_NONE;
  /** DTR/RTS as the client sets them; the board sees them through esptool's reset handling (remote-reset.ts). */
  private readonly lines = new RemoteResetLines((lines) => { if (this.port) this.board.setModemLines(this.port, lines); });
  private breakOn = false;
  private lineStateMask = 0;
  private modemStateMask = 0;

  constructor(private readonly socket: net.Socket, private readonly board: BoardSide) {}

  start(port: HostPort): void {
    this.port = port;
    // Offer what we do and ask for what we want, as pyserial's server does; the client's answers only confirm.
    const greeting: Buffer[] = [];
    for (const opt of OURS) { this.our.set(opt, 'requested'); greeting.push(negotiate(WILL, opt)); }
    for (const opt of [OPT_BINARY, OPT_SGA]) { this.their.set(opt, 'requested'); greeting.push(negotiate(DO, opt)); }
    this.send(Buffer.concat(greeting));
  }

  hostBaud(): number {
    return this.baud;
  }

  toWire(data: Buffer): Buffer {
    return escapeData(data);
  }

  fromWire(chunk: Buffer, toBoard: (data: Buffer) => void): void {
    for (const ev of this.parser.feed(chunk)) {
      if (ev.type === 'data') toBoard(ev.data);
      else if (ev.type === 'negotiate') this.onNegotiate(ev.verb, ev.option);
      else if (ev.type === 'subnegotiation' && ev.option === OPT_COM_PORT && ev.data.length > 0) this.onComPort(ev.data[0]!, ev.data.subarray(1));
    }
  }

  private onNegotiate(verb: number, option: number): void {
    if (verb === DO || verb === DONT) {
      const want = verb === DO && OURS.has(option);
      const state = this.our.get(option) ?? 'off';
      if (want && state !== 'on') {
        this.our.set(option, 'on');
        if (state === 'off') this.send(negotiate(WILL, option));
      } else if (!want && state !== 'off') {
        this.our.set(option, 'off');
        if (state === 'on') this.send(negotiate(WONT, option));
      } else if (!want && verb === DO && !this.our.has(option)) {
        this.our.set(option, 'off');
        this.send(negotiate(WONT, option));
      }
      return;
    }
    const want = verb === WILL && THEIRS.has(option);
    const state = this.their.get(option) ?? 'off';
    if (want && state !== 'on') {
      this.their.set(option, 'on');
      if (state === 'off') this.send(negotiate(DO, option));
    } else if (!want && state !== 'off') {
      this.their.set(option, 'off');
      if (state === 'on') this.send(negotiate(DONT, option));
    } else if (!want && verb === WILL && !this.their.has(option)) {
      this.their.set(option, 'off');
      this.send(negotiate(DONT, option));
    }
  }

  private onComPort(command: number, value: Buffer): void {
    const reply = (payload: Uint8Array): void => this.send(comPort(command + SERVER_OFFSET, payload));
    switch (command) {
      case CPO.SIGNATURE:
        reply(Buffer.from(SIGNATURE, 'latin1'));
        return;
      case CPO.SET_BAUDRATE: {
        const requested = value.length >= 4 ? value.readUInt32BE(0) : 0;
        if (requested > 0 && requested !== this.baud) {
          this.baud = requested;
          if (this.port) this.board.hostBaudChanged(this.port, requested);
        }
        reply(u32be(this.baud));
        return;
      }
      case CPO.SET_DATASIZE:
        if (value[0]) this.dataSize = value[0];
        reply(Buffer.from([this.dataSize]));
        return;
      case CPO.SET_PARITY:
        if (value[0]) this.parity = value[0];
        reply(Buffer.from([this.parity]));
        return;
      case CPO.SET_STOPSIZE:
        if (value[0]) this.stopSize = value[0];
        reply(Buffer.from([this.stopSize]));
        return;
      case CPO.SET_CONTROL:
        reply(Buffer.from([this.onControl(value[0] ?? CONTROL.REQUEST_FLOW)]));
        return;
      case CPO.SET_LINESTATE_MASK:
        this.lineStateMask = value[0] ?? 0;
        reply(Buffer.from([this.lineStateMask]));
        return;
      case CPO.SET_MODEMSTATE_MASK:
        this.modemStateMask = value[0] ?? 0;
        reply(Buffer.from([this.modemStateMask]));
        return;
      case CPO.PURGE_DATA: {
        const which = value[0] ?? 0;
        // 1: the server's receive buffer (towards the board), 2: its transmit buffer (towards the host), 3: both.
        if (this.port) this.board.purge(this.port, which === 1 || which === 3, which === 2 || which === 3);
        reply(Buffer.from([which]));
        return;
      }
      case CPO.FLOWCONTROL_SUSPEND:
      case CPO.FLOWCONTROL_RESUME:
        // Notifications, not requests: RFC 2217 defines no acknowledgement for them, and a 108/109 sent back
        // would tell the client to suspend or resume its own output.
        return;
      default:
        // Unknown sub-commands are ignored, as RFC 2217 asks of both ends.
        return;
    }
  }

  /** SET-CONTROL: returns the value to confirm with. */
  private onControl(value: number): number {
    switch (value) {
      case CONTROL.REQUEST_FLOW: return this.flow;
      case CONTROL.FLOW_NONE:
      case CONTROL.FLOW_XONXOFF:
      case CONTROL.FLOW_HARDWARE:
        this.flow = value;
        return value;
      case CONTROL.REQUEST_BREAK: return this.breakOn ? CONTROL.BREAK_ON : CONTROL.BREAK_OFF;
      case CONTROL.BREAK_ON:
      case CONTROL.BREAK_OFF:
        this.breakOn = value === CONTROL.BREAK_ON;
        return value;
      case CONTROL.REQUEST_DTR: return this.lines.requested.dtr ? CONTROL.DTR_ON : CONTROL.DTR_OFF;
      case CONTROL.REQUEST_RTS: return this.lines.requested.rts ? CONTROL.RTS_ON : CONTROL.RTS_OFF;
      case CONTROL.DTR_ON:
      case CONTROL.DTR_OFF:
        this.lines.set('dtr', value === CONTROL.DTR_ON);
        return value;
      case CONTROL.RTS_ON:
      case CONTROL.RTS_OFF:
        this.lines.set('rts', value === CONTROL.RTS_ON);
        return value;
      default:
        return value;
    }
  }

  private send(data: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }
}
