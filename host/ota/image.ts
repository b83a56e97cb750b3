// A firmware image to send over WiFi: its bytes, the version it reports, and its CRC-32. The version comes
// from the build: `espkit build` writes a source map with the sources in it, and the firmware's version
// is the FIRMWARE_VERSION constant there (firmware/src/version.ts), so what is announced is what the image
// will print in its ready line. --fw-version overrides it for an image built some other way.
import { existsSync, readFileSync } from 'node:fs';
import { crc32 } from '../../core/codec/crc32.ts';
import { UsageError } from '../../core/errors.ts';
import { isOtaVersion } from '../../core/wire/ota.ts';

export interface OtaImage {
  version: string;
  bytes: Buffer;
  crc: number;
}

/** The largest image accepted: the two Storage slots of a DevBoard share well under a megabyte. */
export const MAX_IMAGE = 512 * 1024;

export function makeImage(bytes: Buffer, version: string): OtaImage {
  if (!isOtaVersion(version)) throw new UsageError(`version "${version}" must be 1-32 printable characters without spaces`);
  if (bytes.length === 0) throw new UsageError('the firmware image is empty');
  if (bytes.length > MAX_IMAGE) throw new UsageError(`the firmware image is ${bytes.length} bytes, over the ${MAX_IMAGE}-byte limit`);
  return { version, bytes, crc: crc32(bytes) };
}

const VERSION_CONSTANT = /\bFIRMWARE_VERSION\s*=\s*(['"])([^'"\n]*)\1/;

/** The version a build recorded in its source map, or undefined when there is none to read. */
export function versionFromBuild(file: string): string | undefined {
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return undefined;
  try {
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sourcesContent?: unknown };
    if (!Array.isArray(map.sourcesContent)) return undefined;
    for (const source of map.sourcesContent) {
      const m = typeof source === 'string' ? VERSION_CONSTANT.exec(source) : null;
      if (m) return m[2];
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Read a built firmware file and its version; every problem is one line that says what to do. */
export function loadImage(file: string, version?: string): OtaImage {
  if (!existsSync(file)) throw new UsageError(`no firmware at ${file}: run \`espkit build\` first, or give the file`);
  const bytes = readFileSync(file);
  const v = version ?? versionFromBuild(file);
  if (v === undefined) throw new UsageError(`cannot tell the version of ${file} (no source map from \`espkit build\` beside it): give --fw-version`);
  // The image must report the version announced, or every device would take it again and again.
  if (!bytes.includes(Buffer.from(v))) throw new UsageError(`${file} does not contain its version "${v}": rebuild it, or give the --fw-version it reports`);
  return makeImage(bytes, v);
}
