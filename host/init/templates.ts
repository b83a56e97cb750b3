// The files of a new firmware project that are the user's from the start (espkit init writes them once;
// --update leaves them alone).
import type { CopiedFile } from './device-library.ts';

const MAIN = `// The firmware: it runs at every start of the board. espkit build compiles it (with the typings in
// ../types, which say what Espruino on the ESP32 has) and espkit deploy sends it to the board.
// ../espkit is espkit's device library: console lines, settings, WiFi, the MQTT session, pushes.
import { log } from '../espkit/log.ts';
import { readStoredSettings, resolveSettings } from '../espkit/settings.ts';

const VERSION = '0.1.0';
/** The DevKit's blue LED (GPIO2). */
const LED = D2;

// the device id and network settings espkit deploy stored on the board (--device, --wifi, --broker)
const settings = resolveSettings(readStoredSettings(), require('Wifi').getIP().mac || '');
// "espkit ready <device> <version>" tells espkit deploy that the program started
log('ready', settings.device + ' ' + VERSION);

let lit = false;
setInterval(() => {
  lit = !lit;
  digitalWrite(LED, lit);
}, 1000);
`;

// The typings replace Node's and the DOM's: only what the board has type-checks. ES2022 as the lib, so a
// construct Espruino lacks meets espkit build's refusal with a hint rather than a bare type error.
const TSCONFIG = `${JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2022'],
    types: [],
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    isolatedModules: true,
    useDefineForClassFields: false,
    noFallthroughCasesInSwitch: true,
    skipLibCheck: true,
  },
  include: ['src', 'types', 'espkit'],
}, null, 2)}\n`;

const GITIGNORE = `dist/
.espkit/
node_modules/
`;

function readme(name: string): string {
  return `# ${name}

Firmware for the ESP32 DevBoard, written in TypeScript and run by Espruino 2v29.

    firmware/src/       your program (main.ts runs at every start)
    firmware/types/     what Espruino on the ESP32 offers, as TypeScript types (copied from espkit)
    firmware/espkit/    espkit's device library: settings, WiFi, MQTT session, pushes (copied from espkit)
    modules/            Espruino modules your program require()s by name, NAME.js with NAME.d.ts (optional)

## Try it on a virtual board

    espkit sim --espruino --ap espkit-lab:lab-pass-123 &   # a virtual DevBoard with Espruino, and a WiFi
                                                            # network; it prints its ports
    espkit build                                   # firmware/src -> dist/firmware.js
    espkit -p rfc2217://127.0.0.1:PORT deploy --no-wait
    espkit -p rfc2217://127.0.0.1:PORT monitor     # its console; Ctrl-] to leave

A program that joins WiFi and a broker with the device library (\`espkit init DIR --example door-sensor\`
shows one) is deployed with its settings, and deploy waits until it is online:

    espkit hub &                                   # the broker, the push API and the dashboard
    espkit -p rfc2217://127.0.0.1:PORT deploy --wifi espkit-lab --password lab-pass-123 --hub
    espkit push --device DEVICE "hello"

On a real board leave out \`-p\` (espkit finds the DevBoard) and give your own WiFi network.

## Updating espkit

\`espkit init --update\` replaces firmware/types and firmware/espkit with the copies from the espkit that is
installed; firmware/src stays as it is.
`;
}

/** The project's own files, for a project called `name`. */
export function projectTemplates(name: string): CopiedFile[] {
  return [
    { path: 'firmware/src/main.ts', text: MAIN },
    { path: 'firmware/tsconfig.json', text: TSCONFIG },
    { path: '.gitignore', text: GITIGNORE },
    { path: 'README.md', text: readme(name) },
  ];
}
