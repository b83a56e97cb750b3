// Numeric enums: auto-incrementing values, explicit starts, and the reverse mapping.
enum Level { Debug, Info, Warn = 10, Error }
console.log(Level.Debug, Level.Info, Level.Warn, Level.Error);
console.log(Level[0], Level[11], Level[Level.Warn]);
function atLeast(l: Level, min: Level): boolean { return l >= min; }
console.log(atLeast(Level.Error, Level.Warn), atLeast(Level.Info, Level.Warn));
