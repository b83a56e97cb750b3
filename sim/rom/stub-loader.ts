// esptool's flasher stub, as the board behaves once MEM_END has jumped into it: it greets with the SLIP packet
// "OHAI", answers with 2 status bytes (error, status), takes 16 KB blocks, acknowledges a data block before
// writing it (errors come back with the next one), erases the flash or a region, reads flash with its own
// acknowledged flow ending in an MD5, answers SPI_FLASH_MD5 with 16 raw bytes, and changes baud after the reply.
// SYNC is answered 8 times with value 0, which is how esptool notices a stub that is already running.
// The stub esptool-js loads raises the APB clock to 80 MHz (and reprograms the UART divider to keep the baud);
// esptool.py's stubs stay at 40 MHz. Either way the baud follows from clock and divider (sim/uart/uart-clock.ts).
// Source: esptool flasher_stub/stub_flasher.c (cmd_loop), stub_write_flash.c, stub_commands.c; esptool docs
// "Serial Protocol" > "Reading Flash"; docs/esp32-serial.md.
import { createHash } from 'node:crypto';
import { FlashOpError, FlashOps, SECTOR_SIZE } from './flash-ops.ts';
import { StubWrite } from './flash-writes.ts';
import { PacketLoader, type LoaderServices } from './loader-base.ts';
import { OP, STUB_ERR, SYNC_PAYLOAD, buildResponse, dataChecksum, dataHeader, parseRequest, words, type Request } from './protocol.ts';
import { RamUpload, type StubFlavour } from './ram-upload.ts';
import { ROM_BAUD } from '../uart/uart-clock.ts';

/** MAX_WRITE_BLOCK in stub_flasher.h. */
export const STUB_BLOCK = 0x4000;
/** The stub configures the ROM's flash driver for the largest chip (FLASH_MAX_SIZE, 16 MB) until told otherwise. */
const STUB_DEFAULT_FLASH_SIZE = 16 * 1024 * 1024;
const STUB_APB_HZ = 80_000_000;
/** The longest a block's write waits for the host's next bytes (the last block has none after it). */
const WRITE_DEFER_MS = 20;

export class StubLoader extends PacketLoader {
  private readonly ops: FlashOps;
  private readonly ram = new RamUpload();
  private write: StubWrite | undefined;

  constructor(services: LoaderServices, readonly flavour: StubFlavour) {
    super(services);
    this.ops = new FlashOps(services.flash, STUB_DEFAULT_FLASH_SIZE);
    if (flavour === 'esptool-js') services.clock.setClock(STUB_APB_HZ, services.stubKeepsBaud);
    if (!services.stubKeepsBaud) services.setChipBaud(ROM_BAUD);
    this.send(Buffer.from('OHAI', 'latin1'));
  }

  protected async handle(packet: Buffer): Promise<void> {
    const req = parseRequest(packet);
    if (!req) return;
    if (req.data.length > STUB_BLOCK + 16) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN, 0xee);
    switch (req.op) {
      case OP.SYNC: return this.sync(req);
      case OP.READ_REG:
        if (req.data.length !== 4) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
        return this.answer(req.op, STUB_ERR.OK, 0, this.services.registers.read(req.data.readUInt32LE(0)));
      case OP.WRITE_REG: return this.writeReg(req);
      case OP.SPI_SET_PARAMS:
        if (req.data.length !== 24) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
        this.ops.setConfiguredSize(words(req.data, 2)[1]!);
        return this.answer(req.op, STUB_ERR.OK);
      case OP.SPI_ATTACH: return this.answer(req.op, req.data.length === 4 ? STUB_ERR.OK : STUB_ERR.BAD_DATA_LEN);
      case OP.CHANGE_BAUDRATE: return this.changeBaud(req);
      case OP.FLASH_BEGIN:
      case OP.FLASH_DEFL_BEGIN: return this.flashBegin(req);
      case OP.FLASH_DATA:
      case OP.FLASH_DEFL_DATA: return this.flashData(req);
      case OP.FLASH_END:
      case OP.FLASH_DEFL_END: return this.flashEnd(req);
      case OP.MEM_BEGIN:
        if (req.data.length !== 16) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
        this.ram.begin(words(req.data, 1)[0]!, words(req.data, 4)[3]!);
        return this.answer(req.op, STUB_ERR.OK);
      case OP.MEM_DATA: {
        const header = dataHeader(req.data);
        return this.answer(req.op, header && this.ram.data(header.payload) ? STUB_ERR.OK : STUB_ERR.BAD_DATA_LEN);
      }
      case OP.MEM_END: return this.memEnd(req);
      case OP.SPI_FLASH_MD5: return this.md5(req);
      case OP.ERASE_FLASH: return this.eraseFlash(req);
      case OP.ERASE_REGION: return this.eraseRegion(req);
      case OP.READ_FLASH: return this.readFlash(req);
      case OP.RUN_USER_CODE:
        // No reply: the stub returns into the ROM, which goes on to boot from flash.
        this.services.runUserCode();
        return;
      default:
        return this.answer(req.op, STUB_ERR.CMD_NOT_IMPLEMENTED);
    }
  }

  /** A reply: value, optional data, then the 2 status bytes (error, status). */
  private answer(op: number, error: number, status = 0, value = 0, body: Uint8Array = Buffer.alloc(0)): void {
    this.send(buildResponse(op, value, Buffer.concat([body, Buffer.from([error, status])])));
  }

  private sync(req: Request): void {
    if (req.data.length !== 36) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
    if (!req.data.equals(SYNC_PAYLOAD)) return this.answer(req.op, STUB_ERR.OK);
    for (let i = 0; i < 8; i++) this.answer(req.op, STUB_ERR.OK);
  }

  private writeReg(req: Request): void {
    if (req.data.length === 0 || req.data.length % 16 !== 0) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
    for (let i = 0; i < req.data.length; i += 16) {
      const [addr, value, mask] = words(req.data.subarray(i, i + 16), 3);
      this.services.registers.write(addr!, value!, mask!);
    }
    this.answer(req.op, STUB_ERR.OK);
  }

  private async changeBaud(req: Request): Promise<void> {
    if (req.data.length !== 8) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
    const baud = req.data.readUInt32LE(0);
    this.answer(req.op, STUB_ERR.OK);
    // stub_io_set_baudrate runs after the reply is out: the host hears the reply at the old baud.
    await this.services.whenTxIdle();
    if (this.stopped || baud === 0) return;
    this.services.setChipBaud(baud);
  }

  private flashBegin(req: Request): void {
    // 16 bytes from esptool-js; esptool.py adds a fifth word, the encrypted-write flag (0 here: this board has
    // no flash encryption), which the stub accepts as optional.
    if (req.data.length !== 16 && req.data.length !== 20) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
    const [size, blocks, blockSize, offset] = words(req.data, 4);
    if (blockSize! > STUB_BLOCK) return this.answer(req.op, STUB_ERR.BAD_BLOCKSIZE);
    const compressed = req.op === OP.FLASH_DEFL_BEGIN;
    this.write = new StubWrite(this.ops, size!, offset!, compressed ? blocks! * blockSize! : undefined);
    this.services.emit({ type: 'flash-begin', loader: 'stub', offset, size, compressed });
    this.answer(req.op, STUB_ERR.OK);
  }

  private async flashData(req: Request): Promise<void> {
    const session = this.write;
    const header = dataHeader(req.data);
    let error: number;
    if (!session) error = STUB_ERR.NOT_IN_FLASH_MODE;
    else {
      error = session.pendingError;
      if (!header || header.size !== header.payload.length) error = STUB_ERR.BAD_DATA_LEN;
      else if (dataChecksum(header.payload) !== (req.checksum & 0xff)) error = STUB_ERR.BAD_DATA_CHECKSUM;
    }
    // Acknowledge first, then write while the host already sends the next block. A real UART sends the
    // acknowledgement and takes the next block in hardware while the CPU writes; here the write runs on the
    // event loop that moves those bytes, so it waits until the acknowledgement is out and the next block has
    // begun to arrive (the next command is not handled before the write is done either way).
    this.answer(req.op, error);
    if (error !== STUB_ERR.OK || !session || !header) return;
    await this.services.whenTxIdle();
    await this.whenBytesArrive(WRITE_DEFER_MS);
    if (this.stopped) return;
    if (req.op === OP.FLASH_DEFL_DATA) session.writeCompressed(header.payload);
    else session.write(header.payload);
  }

  private async flashEnd(req: Request): Promise<void> {
    const session = this.write;
    const error = session ? session.end() : STUB_ERR.NOT_IN_FLASH_MODE;
    if (error === STUB_ERR.OK) this.write = undefined;
    this.services.flash.sync();
    this.answer(req.op, error);
    if (error !== STUB_ERR.OK || req.data.length < 4 || req.data.readUInt32LE(0) !== 0) return;
    // 0 means reboot now: the stub flushes its reply, then software_reset().
    await this.services.whenTxIdle();
    if (!this.stopped) this.services.softReset('SW_RESET', this.services.strapMode());
  }

  private async memEnd(req: Request): Promise<void> {
    if (req.data.length !== 8) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
    const [, entry] = words(req.data, 2);
    this.answer(req.op, STUB_ERR.OK);
    if (entry === 0) return;
    await this.services.whenTxIdle();
    if (!this.stopped) this.services.hang(`the stub jumped to uploaded code at 0x${entry!.toString(16)}, which the virtual board cannot run`);
  }

  private md5(req: Request): void {
    if (req.data.length !== 16) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
    const [addr, size] = words(req.data, 2);
    try {
      const digest = createHash('md5').update(this.ops.read(addr!, size!)).digest();
      this.answer(req.op, STUB_ERR.OK, 0, 0, digest);
    } catch (err) {
      if (!(err instanceof FlashOpError)) throw err;
      this.answer(req.op, STUB_ERR.FAILED_SPI_OP);
    }
  }

  private eraseFlash(req: Request): void {
    if (req.data.length !== 0) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
    this.services.flash.erase(0, this.services.flash.size);
    this.services.emit({ type: 'flash-erase', offset: 0, size: this.services.flash.size });
    this.answer(req.op, STUB_ERR.OK);
  }

  private eraseRegion(req: Request): void {
    if (req.data.length !== 8) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
    const [addr, size] = words(req.data, 2);
    if (addr! % SECTOR_SIZE !== 0 || size! % SECTOR_SIZE !== 0) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
    try {
      this.ops.eraseCovering(addr!, size!);
    } catch (err) {
      if (!(err instanceof FlashOpError)) throw err;
      return this.answer(req.op, STUB_ERR.FAILED_SPI_OP);
    }
    this.services.emit({ type: 'flash-erase', offset: addr, size });
    this.answer(req.op, STUB_ERR.OK);
  }

  /** READ_FLASH: reply, then raw packets of `packetSize`, at most `maxInFlight` unacknowledged, then the MD5. */
  private async readFlash(req: Request): Promise<void> {
    if (req.data.length !== 16) return this.answer(req.op, STUB_ERR.BAD_DATA_LEN);
    const [addr, length, packetSize, maxInFlight] = words(req.data, 4);
    let data: Buffer;
    try {
      data = this.ops.read(addr!, length!);
    } catch (err) {
      if (!(err instanceof FlashOpError)) throw err;
      return this.answer(req.op, STUB_ERR.FAILED_SPI_OP);
    }
    this.answer(req.op, STUB_ERR.OK);
    if (packetSize === 0) return;
    const window = Math.max(1, maxInFlight!) * packetSize!;
    let sent = 0;
    let acked = 0;
    while (acked < length!) {
      while (sent < length! && sent - acked < window) {
        const n = Math.min(packetSize!, length! - sent);
        this.send(data.subarray(sent, sent + n));
        sent += n;
      }
      const ack = await this.nextPacket();
      if (!ack || this.stopped) return;
      if (ack.length !== 4) continue;
      const total = ack.readUInt32LE(0);
      if (total > sent) return; // a confused host: the stub gives up on the read
      acked = Math.max(acked, total);
    }
    this.send(createHash('md5').update(data).digest());
  }
}
