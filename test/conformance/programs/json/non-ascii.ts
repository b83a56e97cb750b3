// differs: json-escape
// JSON.stringify of non-ASCII text: V8 writes the characters, Espruino escapes them as \uXXXX.
console.log(JSON.stringify({ city: 'Z\u00fcrich' }));
