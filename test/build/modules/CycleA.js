// CycleA and CycleB require each other: no order of adding them works on the board.
var b = require("CycleB");
exports.a = function () { return b.b() + 1; };
