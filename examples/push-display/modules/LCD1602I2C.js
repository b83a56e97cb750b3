// A 16x2 character display (HD44780) behind a PCF8574 I2C expander, sold as "LCD1602 I2C". The expander's
// bits: P0 RS, P1 RW, P2 EN, P3 backlight, P4-P7 the display's D4-D7, so the display runs in 4-bit mode and
// each byte goes as two nibbles, each latched by a pulse on EN.
// The display needs 4.1 ms after the first wake-up nibble and 1.5 ms to clear: those steps are timed with
// setTimeout, and text asked for before the display is ready is shown once it is (only the latest).
var COLUMNS = 16;

exports.connect = function(i2c, address) {
  var addr = address || 0x27;
  var ready = false;
  var waiting;
  var nibble = function(n) { var b = (n << 4) | 8; i2c.writeTo(addr, [b | 4, b]); };
  // the bytes for `v` with RS = rs (0 command, 1 character), appended to `out`
  var put = function(out, v, rs) {
    var hi = (v & 0xf0) | 8 | rs, lo = ((v << 4) & 0xf0) | 8 | rs;
    out.push(hi | 4, hi, lo | 4, lo);
  };
  var row = function(r, text) {
    var out = [];
    put(out, 0x80 | (r ? 0x40 : 0), 0);
    for (var i = 0; i < COLUMNS; i++) {
      var c = i < text.length ? text.charCodeAt(i) : 32;
      // the display's character set matches ASCII only from space to '}'
      put(out, c < 32 || c > 125 ? 63 : c, 1);
    }
    i2c.writeTo(addr, out);
  };
  var display = {
    /** Show `text` over both rows (the first 32 characters). */
    show: function(text) {
      if (!ready) { waiting = text; return; }
      row(0, text.substr(0, COLUMNS));
      row(1, text.substr(COLUMNS, COLUMNS));
    }
  };
  nibble(3);
  setTimeout(function() {
    nibble(3);
    nibble(3);
    nibble(2);
    var out = [];
    // 4-bit bus, two lines; display on, no cursor; cursor moves right; clear
    put(out, 0x28, 0); put(out, 0x0c, 0); put(out, 0x06, 0); put(out, 0x01, 0);
    i2c.writeTo(addr, out);
    setTimeout(function() {
      ready = true;
      if (waiting !== undefined) display.show(waiting);
    }, 2);
  }, 5);
  return display;
};
