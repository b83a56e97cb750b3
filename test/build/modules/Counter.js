// A module written the way Espruino's library modules are: state in the module's scope, functions on exports.
var format = require("Format");
var count = 0;
exports.next = function () {
  count = count + 1;
  return count;
};
exports.label = function (n) {
  return "#" + format.pad(n, 3);
};
