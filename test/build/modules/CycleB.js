var a = require("CycleA");
exports.b = function () { return 1; };
