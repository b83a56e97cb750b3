// Static methods are inherited by a subclass and can be overridden; super in a static method.
class Codec {
  static version(): number { return 1; }
  static label(): string { return `codec v${this.version()}`; }
}
class FastCodec extends Codec {
  static version(): number { return super.version() + 1; }
}
console.log(Codec.label());
console.log(FastCodec.version());
console.log(typeof FastCodec.label);
