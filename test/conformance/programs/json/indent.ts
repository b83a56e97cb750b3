// refused: indent
// JSON.stringify with an indent lays the text out differently on Espruino.
const settings = { wifi: { ssid: 'net', channels: [1, 6] }, debug: false };
console.log(JSON.stringify(settings, null, 2));
