// How uploadFile spends its retries, against a scripted console: a line the board found corrupt (CRC
// mismatch) costs that chunk one of its attempts, while a silent window costs one of the upload's resyncs
// and nothing of the chunks that were in flight, since a line left open swallows the next one with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Link, type ModemSignals } from '../../core/link.ts';
import { crc32 } from '../../core/codec/crc32.ts';
import { EspruinoRepl } from '../../host/espruino/repl.ts';
import { uploadFile } from '../../host/espruino/storage-upload.ts';
import { patternBytes } from '../helpers/bytes.ts';

/** What the scripted board does with one chunk line: store it, find its CRC wrong, or leave the line open. */
type Verdict = 'ok' | 'bad' | 'open';

const EVALUATE = /^\x10try\{print\("<ek"\+"(\d+)"\+">",JSON\.stringify\((.*)\)\)\}catch/;
// the payloads here are printable and free of quotes and backslashes, so a chunk's literal is its bytes
const CHUNK = /^\x10__ekw\("[^"]*","([^"\\]*)",(\d+),(\d+),\d+,(\d+)\)$/;

/**
 * A console that runs the uploader's lines as Espruino would, with each chunk line's fate chosen by the test.
 * A line left open (a closing quote lost on the way) takes every later line into it until a Ctrl-C clears it.
 */
class ScriptedConsole extends Link {
  readonly kind = 'socket' as const;
  /** Every chunk line that arrived whole, by chunk index, in order. */
  readonly arrived: number[] = [];
  private partial = '';
  private open = false;
  /** The file as stored so far. */
  private file = Buffer.alloc(0);

  constructor(private readonly verdict: (index: number, attempt: number) => Verdict) {
    super('socket://scripted', { baud: 115200 });
  }

  protected async applySignals(_signals: ModemSignals): Promise<void> {}
  protected async applyBaud(_baud: number): Promise<void> {}
  protected async shutdown(): Promise<void> {}

  protected async transmit(data: Buffer): Promise<void> {
    for (const ch of data.toString('latin1')) {
      if (ch === '\x03') {
        this.partial = '';
        this.open = false;
      } else if (ch !== '\n') {
        this.partial += ch;
      } else {
        const line = this.partial;
        this.partial = '';
        if (!this.open) this.run(line);
      }
    }
  }

  private print(text: string): void {
    setImmediate(() => this.receive(Buffer.from(`${text}\r\n>`, 'latin1')));
  }

  private run(line: string): void {
    const chunk = CHUNK.exec(line);
    if (chunk) {
      const [payload, offset, total, index] = [chunk[1]!, Number(chunk[2]), Number(chunk[3]), Number(chunk[4])];
      this.arrived.push(index);
      const verdict = this.verdict(index, this.arrived.filter((i) => i === index).length);
      if (verdict === 'open') this.open = true;
      else {
        if (verdict === 'ok') {
          // Storage.write at offset 0 makes the file anew, `total` bytes long
          if (offset === 0) this.file = Buffer.alloc(total);
          this.file.write(payload, offset, 'latin1');
        }
        this.print(`<ekw${index}> ${verdict}`);
      }
      return;
    }
    const evaluation = EVALUATE.exec(line);
    if (!evaluation) return; // the writer's definition prints nothing
    const expression = evaluation[2]!;
    const value = expression === '1' ? 1
      : expression === 'typeof __ekw' ? 'function'
      : expression.includes('require("Storage").read(') ? [this.file.length, crc32(this.file)]
      : undefined;
    this.print(`<ek${evaluation[1]}> ${JSON.stringify(value)}`);
  }
}

test('a chunk swallowed by the line before it keeps its attempts for its own corruption', async () => {
  // printable bytes, so each chunk line carries about 1900 of them: chunk 0 (short) and three more
  const file = Buffer.from(patternBytes(4500, 7).toString('base64'));
  const board = new ScriptedConsole((index, attempt) => {
    // chunk 1's first line is left open and takes chunk 2's (sent with it) along; chunk 2's next three
    // lines arrive corrupt, the fourth whole: within the three resends a chunk has for its own lines
    if (index === 1 && attempt === 1) return 'open';
    if (index === 2 && attempt <= 3) return 'bad';
    return 'ok';
  });
  const repl = new EspruinoRepl(board);
  try {
    const report = await uploadFile(repl, 'espkit.a', file, { compress: false });
    assert.equal(report.chunks, 4);
    assert.equal(report.crc, crc32(file));
    // chunk 2's swallowed line, its three corrupt ones and chunk 1's open one were all sent again
    assert.equal(report.resent, 5);
    assert.deepEqual(board.arrived, [0, 1, 1, 2, 3, 2, 2, 2]);
  } finally {
    repl.detach();
    await board.close();
  }
});
