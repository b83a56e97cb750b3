// RAM download (MEM_BEGIN / MEM_DATA / MEM_END): the board cannot run Xtensa code, but it keeps what was
// uploaded where, so MEM_END can tell a jump into uploaded code (a flasher stub) from a jump into nowhere,
// and which stub it is.

interface RamSegment {
  start: number;
  size: number;
  chunks: Buffer[];
  received: number;
}

/** esptool-js 0.7.0's ESP32 stub (lib/targets/stub_flasher/esp32.json): text at 0x400a8000, entry 0x400a902c. */
const ESPTOOL_JS_STUB = { textStart: 0x400a8000, entry: 0x400a902c };

export type StubFlavour = 'esptool-js' | 'esptool';

export class RamUpload {
  private readonly segments: RamSegment[] = [];
  private current: RamSegment | undefined;

  begin(size: number, offset: number): void {
    this.current = { start: offset >>> 0, size, chunks: [], received: 0 };
    this.segments.push(this.current);
  }

  /** False when no MEM_BEGIN came first. */
  data(payload: Buffer): boolean {
    if (!this.current) return false;
    this.current.chunks.push(Buffer.from(payload));
    this.current.received += payload.length;
    return true;
  }

  /** True if `addr` lies inside bytes that were uploaded. */
  contains(addr: number): boolean {
    addr >>>= 0;
    return this.segments.some((s) => addr >= s.start && addr < s.start + s.received);
  }

  /** Which flasher stub the upload is: esptool-js's runs the APB bus at 80 MHz, esptool.py's stay at 40 MHz. */
  flavour(entry: number): StubFlavour {
    const text = this.segments.find((s) => s.start === ESPTOOL_JS_STUB.textStart);
    return text && entry >>> 0 === ESPTOOL_JS_STUB.entry ? 'esptool-js' : 'esptool';
  }

  get uploadedBytes(): number {
    return this.segments.reduce((n, s) => n + s.received, 0);
  }
}
