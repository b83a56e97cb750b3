// A regex Espruino 2v29 cannot parse: its engine has no (?:...) groups.
exports.words = function (text) {
  return text.match(/(?:ab)+/);
};
