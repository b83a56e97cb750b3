// Writes firmware/src/settings-schema.ts from the settings schema (core/settings.ts). The firmware is compiled
// on its own for Espruino, so it gets the schema as plain constants it can afford in RAM rather than the
// host's object of fields; test/firmware/settings-schema.test.ts checks that the file is what this writes.
// Usage: node --import tsx scripts/settings/generate.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BROKER_PORT, SETTINGS, SETTINGS_FILE, SETTING_KEYS, type SettingKey } from '../../core/settings.ts';

export const FIRMWARE_SCHEMA = fileURLToPath(new URL('../../firmware/src/settings-schema.ts', import.meta.url));

/** A string literal in the firmware's quotes (the schema's texts hold no quote or backslash). */
function quote(text: string): string {
  if (/['\\\n]/.test(text)) throw new Error(`${JSON.stringify(text)} needs escaping: keep the schema's texts plain`);
  return `'${text}'`;
}

/** maxMessage -> MaxMessage */
function enumName(key: SettingKey): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/**
 * The text of firmware/src/settings-schema.ts. Numbers and texts are const enums because the bundler writes
 * an enum member's value where it is used, where an exported const would stay a global holding RAM on the
 * board for as long as the firmware runs.
 */
export function firmwareSchemaSource(): string {
  const lines: string[] = [
    '// Generated from core/settings.ts by scripts/settings/generate.ts: change the schema there and run',
    '// `npm run settings:generate`, never this file (a test compares it with what the generator writes).',
    '',
    '/** The settings file\'s name in Storage, the broker port of a URL without one, the default topic prefix. */',
    'export const enum Stored {',
    `  File = ${quote(SETTINGS_FILE)},`,
    `  BrokerPort = ${DEFAULT_BROKER_PORT},`,
    `  Prefix = ${quote(SETTINGS.prefix.default ?? '')},`,
    '}',
    '',
    '/** The stored file as it is (any key may be missing). */',
    'export interface StoredSettings {',
  ];
  for (const key of SETTING_KEYS) lines.push(`  ${key}?: ${SETTINGS[key].kind === 'whole' ? 'number' : 'string'};`);
  lines.push('}');
  for (const key of SETTING_KEYS) {
    const field = SETTINGS[key];
    if (field.kind !== 'whole') continue;
    lines.push('', `/** ${key}: a whole number of ${field.unit}; a stored value outside Min..Max counts as missing. */`);
    lines.push(`export const enum ${enumName(key)} {`, `  Default = ${field.default},`, `  Min = ${field.min},`, `  Max = ${field.max},`, '}');
  }
  const ble = SETTING_KEYS.filter((k) => SETTINGS[k].ble);
  lines.push('', '/** The keys BLE provisioning may set. */', `export const PROVISIONABLE = [${ble.map(quote).join(', ')}];`, '');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = firmwareSchemaSource();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(FIRMWARE_SCHEMA, 'utf8');
    } catch {
      // a missing file is simply out of date
    }
    if (current !== text) {
      process.stderr.write('error: firmware/src/settings-schema.ts is not what core/settings.ts generates: run npm run settings:generate\n');
      process.exit(1);
    }
  } else {
    writeFileSync(FIRMWARE_SCHEMA, text);
    process.stdout.write('wrote firmware/src/settings-schema.ts\n');
  }
}
