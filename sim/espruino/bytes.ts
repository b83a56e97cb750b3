// Turning JavaScript values into bytes the ways Espruino does.
// - jsvIterateCallback (E.toString, E.toUint8Array, E.CRC32, BLE values): strings give their char codes,
//   numbers one byte each, arrays and typed arrays their elements, {data, count} repeats data;
// - JSV_GET_AS_CHAR_ARRAY (Storage.write): a string's bytes, a typed array's raw memory, an array's elements.
// Strings are byte strings on Espruino: char codes above 255 keep their low byte.

function tag(v: object): string {
  return Object.prototype.toString.call(v).slice(8, -1);
}

function isArrayBuffer(v: unknown): v is ArrayBuffer {
  return typeof v === 'object' && v !== null && tag(v) === 'ArrayBuffer';
}

export function stringBytes(s: string): Buffer {
  const out = Buffer.alloc(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** The bytes jsvIterateCallback visits. */
export function iterateBytes(v: unknown): Buffer {
  const out: number[] = [];
  const visit = (x: unknown): void => {
    if (x === undefined || x === null) return;
    if (typeof x === 'string') {
      for (let i = 0; i < x.length; i++) out.push(x.charCodeAt(i) & 0xff);
    } else if (typeof x === 'number') out.push(x & 0xff);
    else if (typeof x === 'boolean') out.push(x ? 1 : 0);
    else if (Array.isArray(x)) x.forEach(visit);
    else if (isArrayBuffer(x)) out.push(...new Uint8Array(x));
    else if (ArrayBuffer.isView(x)) {
      if (tag(x) === 'DataView') out.push(...new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
      else {
        const items = x as unknown as ArrayLike<number>;
        for (let i = 0; i < items.length; i++) out.push(Number(items[i]) & 0xff);
      }
    } else if (typeof x === 'object') {
      const o = x as { data?: unknown; count?: unknown };
      if ('data' in o) {
        const count = typeof o.count === 'number' ? o.count : 1;
        for (let i = 0; i < count; i++) visit(o.data);
      }
    }
  };
  visit(v);
  return Buffer.from(out);
}

/** The bytes JSV_GET_AS_CHAR_ARRAY gives for Storage writes. */
export function charArrayBytes(v: unknown): Buffer {
  if (typeof v === 'string') return stringBytes(v);
  if (isArrayBuffer(v)) return Buffer.from(new Uint8Array(v));
  if (ArrayBuffer.isView(v)) return Buffer.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  if (Array.isArray(v)) return iterateBytes(v);
  return stringBytes(String(v));
}
