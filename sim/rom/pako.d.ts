// The part of pako 2.x the loaders use: a synchronous, incremental zlib inflater (pako ships no typings).
// Source: pako 2.2.0 lib/inflate.js (Inflate#push, onData, ended, err, msg).
declare module 'pako' {
  export class Inflate {
    constructor(options?: { chunkSize?: number; windowBits?: number; raw?: boolean });
    /** Feed input; `flush` true marks the last piece. Returns false on an error (see err/msg). */
    push(data: Uint8Array, flush?: boolean | number): boolean;
    onData(chunk: Uint8Array): void;
    /** True once the deflate stream's end was reached. */
    ended: boolean;
    /** zlib status code: 0 ok, negative on errors. */
    err: number;
    msg: string;
  }
}
