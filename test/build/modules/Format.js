// Required by Counter.js: a module that replaces module.exports as a whole.
function pad(n, width) {
  var s = String(n);
  while (s.length < width) s = "0" + s;
  return s;
}
module.exports = { pad: pad, self: this === exports };
