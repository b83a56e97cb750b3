// Reading meaning into each line: its level (for colours) and notes for people (reset reasons, panics).
// Sources: ESP-IDF log format "E (1234) tag: text" (esp_log.h); Espruino's own messages
// ("Uncaught Error: ...", " at line N col M", the code and a caret, "in function ... called from line ...",
// "ERROR: ...", "WARNING: ..."; src/jsinteractive.c, src/jsutils.c).
import { describeBootLine, parseBootLine, type BootLine } from './reset-reasons.ts';
import { isCrashDetail, parseCrashLine } from './panics.ts';
import { visibleLine } from '../console/visible-line.ts';

export type LineLevel = 'error' | 'warning' | 'info' | 'notice' | 'plain';

export interface DecodedLine {
  level: LineLevel;
  /** Explanations to print after the line. */
  notes: string[];
  /** Set on the ROM's reset line. */
  boot?: BootLine;
  /** An Espruino "Uncaught ..." error starts on this line. */
  uncaught?: boolean;
}

const IDF_LOG = /^([EWIDV]) \(\d+\) /;

/** Where we are inside an Espruino error report. */
type UncaughtState = 'none' | 'location' | 'code' | 'caret' | 'after';

export class LineDecoder {
  private uncaught: UncaughtState = 'none';

  /** `text` is the line as latin1 text, as the bytes came (colours and line-editor moves included). */
  decode(text: string): DecodedLine {
    const line = visibleLine(text);
    const inReport = this.continueUncaught(line);
    if (inReport) return { level: 'error', notes: [] };
    const boot = parseBootLine(line);
    if (boot) {
      const expected = boot.reasonCode === 0x1 || boot.reasonCode === 0x10;
      return { level: expected ? 'notice' : 'warning', notes: [describeBootLine(boot)], boot };
    }
    const crash = parseCrashLine(line);
    if (crash) return { level: 'error', notes: [crash.note] };
    if (isCrashDetail(line)) return { level: 'error', notes: [] };
    if (/^Uncaught\b/.test(line)) {
      this.uncaught = 'location';
      return { level: 'error', notes: [], uncaught: true };
    }
    const idf = IDF_LOG.exec(line);
    if (idf) {
      const level: LineLevel = idf[1] === 'E' ? 'error' : idf[1] === 'W' ? 'warning' : idf[1] === 'I' ? 'info' : 'plain';
      return { level, notes: [] };
    }
    if (/^(ERROR|Error):? /.test(line) || /Out of Memory!/.test(line) || /^ASSERT/.test(line)) return { level: 'error', notes: [] };
    if (/^(WARNING|Warning):? /.test(line) || /^New interpreter error:/.test(line) || /^Execution Interrupted/.test(line)) {
      return { level: 'warning', notes: [] };
    }
    if (/^Rebooting\.\.\./.test(line) || /^waiting for download/.test(line)) return { level: 'notice', notes: [] };
    return { level: 'plain', notes: [] };
  }

  /** True if the line still belongs to the Espruino error report being printed. */
  private continueUncaught(line: string): boolean {
    const isLocation = /^ at line \d+ col \d+/.test(line) || /^in function\b.*\bcalled from\b/.test(line);
    const isCaret = /^\s*\^\s*$/.test(line);
    switch (this.uncaught) {
      case 'none':
        return false;
      case 'location':
      case 'after':
        if (isLocation) {
          this.uncaught = 'code';
          return true;
        }
        break;
      case 'code':
        this.uncaught = isCaret ? 'after' : 'caret';
        return true;
      case 'caret':
        if (isCaret) {
          this.uncaught = 'after';
          return true;
        }
        break;
    }
    this.uncaught = 'none';
    return false;
  }
}
