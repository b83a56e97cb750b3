// The ESP32 ROM's serial loader (download mode), with the real ROM's habits:
// - SYNC is answered 8 times; replies carry 4 status bytes (status, error, then 2 junk bytes);
// - a command it does not know (GET_SECURITY_INFO, the stub-only 0xd0-0xd3, anything else) gets status 1/0x05
//   in a reply that carries the PREVIOUS reply's command code and value, which it never clears;
// - a bad data checksum is 1/0x07; lengths that do not match the command are 1/0x05; flash it cannot act on
//   (past the end of the chip) is 1/0x06; a bad deflate stream is 1/0x0b; reading more than 64 bytes with
//   READ_FLASH_SLOW is 1/0x0a, and that command always returns 64 bytes, stale past what was asked;
// - SPI_FLASH_MD5 answers 32 hex characters; compressed writes leave the stale tail of its 32 KB buffer;
// - MEM_END into uploaded code starts that code: the board recognises a flasher stub and becomes it.
// Sources: docs/esp32-serial.md; esptool docs "Serial Protocol" (commands, ROM error codes, the
// SYNC reply 01 08 0400 07122055 00000000 in its trace example).
import { createHash } from 'node:crypto';
import { FlashOpError, FlashOps } from './flash-ops.ts';
import { DeflateError, INFLATE_BUFFER, RomDeflateWrite, RomPlainWrite } from './flash-writes.ts';
import { PacketLoader, type LoaderServices } from './loader-base.ts';
import { OP, ROM_ERR, SYNC_PAYLOAD, buildResponse, dataChecksum, dataHeader, parseRequest, words, type Request } from './protocol.ts';
import { RamUpload } from './ram-upload.ts';
import { StubLoader } from './stub-loader.ts';
import { XTAL_HZ } from '../uart/uart-clock.ts';
import { EFUSE_RD_BASE } from './efuse.ts';
import { EFUSE_CK8M_WORD, RTC_CALI_REG, romBaudResult, romCrystalHz } from '../../core/esp32/rom-clock.ts';

/** The value field of the ROM's SYNC replies, as in esptool's trace of a real chip. */
const SYNC_VALUE = 0x55201207;
const SYNC_REPLIES = 8;
const READ_SLOW_BLOCK = 64;

export class RomLoader extends PacketLoader {
  private readonly ops: FlashOps;
  private readonly ram = new RamUpload();
  /** The ROM's reply memory: command code and value of the last reply, never cleared. */
  private lastOp = 0;
  private lastValue = 0;
  /** The two reserved status bytes: whatever the buffer held (the previous request's first data bytes). */
  private junk: [number, number] = [0, 0];
  private write: RomPlainWrite | RomDeflateWrite | undefined;
  /** RAM buffers that keep their contents between commands. */
  private readonly inflateBuffer = Buffer.alloc(INFLATE_BUFFER);
  private readonly readSlowBuffer = Buffer.alloc(READ_SLOW_BLOCK);

  constructor(services: LoaderServices) {
    super(services);
    this.ops = new FlashOps(services.flash);
  }

  protected async handle(packet: Buffer): Promise<void> {
    const req = parseRequest(packet);
    if (!req) return;
    const junk = this.junk;
    this.junk = [req.data[0] ?? 0, req.data[1] ?? 0];
    if (req.size !== req.data.length) return this.fail(req.op, ROM_ERR.INVALID_MESSAGE, junk);
    switch (req.op) {
      case OP.SYNC: return this.sync(req, junk);
      case OP.READ_REG: return this.readReg(req, junk);
      case OP.WRITE_REG: return this.writeReg(req, junk);
      case OP.SPI_ATTACH:
        if (this.lengthIs(req, junk, 8)) this.ok(req.op, junk); // the ROM takes a second, zero word
        return;
      case OP.SPI_SET_PARAMS: return this.spiSetParams(req, junk);
      case OP.CHANGE_BAUDRATE: return this.changeBaud(req, junk);
      case OP.FLASH_BEGIN: return this.flashBegin(req, junk, false);
      case OP.FLASH_DEFL_BEGIN: return this.flashBegin(req, junk, true);
      case OP.FLASH_DATA:
      case OP.FLASH_DEFL_DATA: return this.flashData(req, junk);
      case OP.FLASH_END:
      case OP.FLASH_DEFL_END: return this.flashEnd(req, junk);
      case OP.MEM_BEGIN: return this.memBegin(req, junk);
      case OP.MEM_DATA: return this.memData(req, junk);
      case OP.MEM_END: return this.memEnd(req, junk);
      case OP.SPI_FLASH_MD5: return this.md5(req, junk);
      case OP.READ_FLASH_SLOW: return this.readSlow(req, junk);
      default:
        // Unknown: status 1/0x05 in a reply with the previous reply's command and value.
        this.send(buildResponse(this.lastOp, this.lastValue, Buffer.from([1, ROM_ERR.INVALID_MESSAGE, ...junk])));
    }
  }

  private reply(op: number, body: Uint8Array, junk: [number, number], error?: number): void {
    this.lastOp = op;
    this.send(buildResponse(op, this.lastValue, Buffer.concat([body, Buffer.from([error ? 1 : 0, error ?? 0, ...junk])])));
  }

  private ok(op: number, junk: [number, number], body: Uint8Array = Buffer.alloc(0)): void {
    this.reply(op, body, junk);
  }

  private fail(op: number, error: number, junk: [number, number]): void {
    this.reply(op, Buffer.alloc(0), junk, error);
  }

  /** Checks the data length; answers 0x05 and returns false when it is wrong. */
  private lengthIs(req: Request, junk: [number, number], ...allowed: number[]): boolean {
    if (allowed.includes(req.data.length)) return true;
    this.fail(req.op, ROM_ERR.INVALID_MESSAGE, junk);
    return false;
  }

  private sync(req: Request, junk: [number, number]): void {
    if (!req.data.equals(SYNC_PAYLOAD)) return this.fail(req.op, ROM_ERR.INVALID_MESSAGE, junk);
    this.lastValue = SYNC_VALUE;
    for (let i = 0; i < SYNC_REPLIES; i++) this.ok(req.op, i === 0 ? junk : [0, 0]);
  }

  private readReg(req: Request, junk: [number, number]): void {
    if (!this.lengthIs(req, junk, 4)) return;
    this.lastValue = this.services.registers.read(req.data.readUInt32LE(0));
    this.ok(req.op, junk);
  }

  private writeReg(req: Request, junk: [number, number]): void {
    if (!this.lengthIs(req, junk, 16)) return;
    const [addr, value, mask] = words(req.data, 3);
    this.services.registers.write(addr!, value!, mask!);
    this.ok(req.op, junk);
  }

  private spiSetParams(req: Request, junk: [number, number]): void {
    if (!this.lengthIs(req, junk, 24)) return;
    this.ops.setConfiguredSize(words(req.data, 2)[1]!);
    this.ok(req.op, junk);
  }

  private async changeBaud(req: Request, junk: [number, number]): Promise<void> {
    if (!this.lengthIs(req, junk, 8)) return;
    const baud = req.data.readUInt32LE(0);
    if (baud === 0) return this.fail(req.op, ROM_ERR.INVALID_MESSAGE, junk);
    this.ok(req.op, junk);
    // The reply leaves at the old baud; the divider changes after it. The ROM divides the crystal frequency it
    // measured, not the real one, so the line runs at baud x real / measured (core/esp32/rom-clock.ts).
    await this.services.whenTxIdle();
    if (this.stopped) return;
    const romHz = romCrystalHz(this.services.registers.read(RTC_CALI_REG), this.services.registers.read(EFUSE_RD_BASE + 4 * EFUSE_CK8M_WORD));
    this.services.clock.setClock(XTAL_HZ, false);
    this.services.setChipBaud(romHz > 0 ? romBaudResult(baud, romHz, XTAL_HZ) : baud);
  }

  private flashBegin(req: Request, junk: [number, number], compressed: boolean): void {
    // 16 bytes; esptool-js also sends a 5th word (the encryption flag of newer chips) to every ROM.
    if (!this.lengthIs(req, junk, 16, 20)) return;
    const [eraseSize, , , offset] = words(req.data, 4);
    try {
      this.write = compressed
        ? new RomDeflateWrite(this.ops, eraseSize!, offset!, this.inflateBuffer)
        : new RomPlainWrite(this.ops, eraseSize!, offset!);
    } catch (err) {
      if (!(err instanceof FlashOpError)) throw err;
      this.write = undefined;
      return this.fail(req.op, ROM_ERR.FAILED_TO_ACT, junk);
    }
    this.services.emit({ type: 'flash-begin', loader: 'rom', offset, size: eraseSize, compressed });
    this.ok(req.op, junk);
  }

  private flashData(req: Request, junk: [number, number]): void {
    const header = dataHeader(req.data);
    if (!header || header.size !== header.payload.length) return this.fail(req.op, ROM_ERR.INVALID_MESSAGE, junk);
    if (dataChecksum(header.payload) !== (req.checksum & 0xff)) return this.fail(req.op, ROM_ERR.INVALID_CRC, junk);
    const session = this.write;
    const wantCompressed = req.op === OP.FLASH_DEFL_DATA;
    if (!session || (session instanceof RomDeflateWrite) !== wantCompressed) return this.fail(req.op, ROM_ERR.FAILED_TO_ACT, junk);
    try {
      session.data(header.payload); // the ROM writes the block before it answers
    } catch (err) {
      if (err instanceof DeflateError) return this.fail(req.op, ROM_ERR.DEFLATE, junk);
      if (err instanceof FlashOpError) return this.fail(req.op, ROM_ERR.FAILED_TO_ACT, junk);
      throw err;
    }
    this.ok(req.op, junk);
  }

  private async flashEnd(req: Request, junk: [number, number]): Promise<void> {
    if (!this.lengthIs(req, junk, 4)) return;
    this.write = undefined;
    this.services.flash.sync();
    this.ok(req.op, junk);
    const runUserCode = req.data.readUInt32LE(0) !== 0; // 0: reboot, 1: run user code
    await this.services.whenTxIdle();
    if (this.stopped) return;
    if (runUserCode) this.services.runUserCode();
    else this.services.softReset('SW_RESET', this.services.strapMode());
  }

  private memBegin(req: Request, junk: [number, number]): void {
    if (!this.lengthIs(req, junk, 16)) return;
    const [size, , , offset] = words(req.data, 4);
    this.ram.begin(size!, offset!);
    this.ok(req.op, junk);
  }

  private memData(req: Request, junk: [number, number]): void {
    const header = dataHeader(req.data);
    if (!header || header.size !== header.payload.length) return this.fail(req.op, ROM_ERR.INVALID_MESSAGE, junk);
    if (dataChecksum(header.payload) !== (req.checksum & 0xff)) return this.fail(req.op, ROM_ERR.INVALID_CRC, junk);
    if (!this.ram.data(header.payload)) return this.fail(req.op, ROM_ERR.FAILED_TO_ACT, junk);
    this.ok(req.op, junk);
  }

  private async memEnd(req: Request, junk: [number, number]): Promise<void> {
    if (!this.lengthIs(req, junk, 8)) return;
    const [noExecute, entry] = words(req.data, 2);
    this.ok(req.op, junk);
    if (noExecute !== 0 || entry === 0) return;
    await this.services.whenTxIdle();
    if (this.stopped) return;
    if (!this.ram.contains(entry!)) {
      this.services.hang(`MEM_END jumped to 0x${entry!.toString(16)}, where nothing was uploaded`);
      return;
    }
    const flavour = this.ram.flavour(entry!);
    this.services.emit({ type: 'stub', flavour, entry, uploaded: this.ram.uploadedBytes });
    this.services.replaceProgram((s) => new StubLoader(s, flavour));
  }

  private md5(req: Request, junk: [number, number]): void {
    if (!this.lengthIs(req, junk, 16)) return;
    const [addr, size] = words(req.data, 2);
    let data: Buffer;
    try {
      data = this.ops.read(addr!, size!);
    } catch (err) {
      if (!(err instanceof FlashOpError)) throw err;
      return this.fail(req.op, ROM_ERR.FLASH_READ, junk);
    }
    this.ok(req.op, junk, Buffer.from(createHash('md5').update(data).digest('hex'), 'latin1'));
  }

  private readSlow(req: Request, junk: [number, number]): void {
    if (!this.lengthIs(req, junk, 8)) return;
    const [addr, length] = words(req.data, 2);
    if (length! > READ_SLOW_BLOCK) return this.fail(req.op, ROM_ERR.READ_LENGTH, junk);
    try {
      this.ops.read(addr!, length!).copy(this.readSlowBuffer, 0);
    } catch (err) {
      if (!(err instanceof FlashOpError)) throw err;
      return this.fail(req.op, ROM_ERR.FLASH_READ, junk);
    }
    // Always the whole 64-byte buffer: what is past `length` is left from an earlier read.
    this.ok(req.op, junk, Buffer.from(this.readSlowBuffer));
  }
}
