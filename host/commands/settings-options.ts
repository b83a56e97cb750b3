// The device settings as `espkit deploy` options, made from the schema (core/settings.ts): one option per
// field, so deploy can set every key the firmware reads, with the field's own limits on whole numbers.
import { Option, type Command } from 'commander';
import { SETTINGS, SETTING_KEYS, type SettingField, type SettingKey } from '../../core/settings.ts';
import { validateSettings, type SettingsPatch } from '../espruino/settings.ts';
import { wholeNumber } from './parse-options.ts';

/** The values commander gives the settings options, by its attribute names ("max-message" -> maxMessage). */
export type SettingFlags = { readonly [flag: string]: unknown };

/** The attribute commander keeps an option's value under. */
export function flagName(option: string): string {
  return option.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function helpOf(field: SettingField): string {
  if (field.kind === 'whole') return `${field.help}, in ${field.unit} (${field.min} to ${field.max}; default ${field.default})`;
  if (field.kind === 'digits') return `${field.help} (${field.min} to ${field.max} digits)`;
  return field.default !== undefined ? `${field.help} (default ${field.default})` : field.help;
}

/** The option of one field; a whole number out of the field's range is refused as the option is read. */
export function settingOption(field: SettingField): Option {
  const option = new Option(`--${field.option} ${field.value}`, helpOf(field));
  if (field.kind !== 'whole') return option;
  return option.argParser(wholeNumber(`--${field.option}`, { min: field.min, max: field.max, unit: field.unit }));
}

export function addSettingOptions(command: Command): Command {
  for (const key of SETTING_KEYS) command.addOption(settingOption(SETTINGS[key]));
  return command;
}

/** The settings named on the command line (only those given), checked against the schema. */
export function settingsFromFlags(flags: SettingFlags): SettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = flags[flagName(SETTINGS[key].option)];
    if (value !== undefined) patch[key satisfies SettingKey] = value;
  }
  return validateSettings(patch as SettingsPatch);
}
