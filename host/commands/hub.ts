// espkit hub: run the embedded broker, the HTTP push API and the live dashboard until Ctrl-C.
// espkit hub credentials [device...]: the admin login and the devices' logins (for deploy --broker).
// espkit hub revoke <device>: refuse a device's login from now on; espkit hub restore <device> undoes it.
// espkit hub login: a fresh one-time dashboard login link from the running hub.
import { type Command, Option } from 'commander';
import { action, type CliContext } from './cli-context.ts';
import { EspkitError } from '../../core/errors.ts';
import { Credentials, ADMIN_USER } from '../hub/credentials.ts';
import { DEFAULT_HTTP_PORT, DEFAULT_MQTT_PORT, DEFAULT_MQTTS_PORT, defaultDataDir } from '../hub/paths.ts';
import { findRunningHub } from '../hub/running.ts';
import { deviceAddress } from '../hub/device-address.ts';
import { DEFAULT_PREFIX, DEFAULT_SHARDS, checkDeviceId } from '../../core/wire/push.ts';
import { tcpPort, wholeNumber } from './parse-options.ts';
import { SETTINGS } from '../../core/settings.ts';
import { untilSignal } from '../../core/stop-signals.ts';

interface HubFlags {
  data: string;
  host: string;
  mqttPort: number;
  httpPort: number;
  tls: boolean;
  mqttsPort: number;
  plain: boolean;
  prefix: string;
  shards: number;
  queueLimit: number;
  drainTimeout: number;
  memory: boolean;
  /** false with --no-fast-path. */
  fastPath: boolean;
  broker?: string;
  ca?: string;
}

async function runExternal(ctx: CliContext, flags: HubFlags): Promise<void> {
  const [{ startExternalHub }, { redact }, { resolveBroker }] = await Promise.all([import('../hub/external.ts'), import('../push/broker.ts'), import('../hub/broker-choice.ts')]);
  const broker = resolveBroker({ broker: flags.broker, ca: flags.ca, dataDir: flags.data });
  const running = await startExternalHub({
    broker,
    adminPassword: Credentials.load(flags.data).adminPassword(),
    host: flags.host,
    httpPort: flags.httpPort,
    prefix: flags.prefix,
    shards: flags.shards,
    log: (line) => process.stderr.write(`${stamp(line)}\n`),
    dataDir: flags.data,
    caFile: flags.ca,
  });
  // Listening for Ctrl-C before the start-up lines are printed: whoever reads them (a person, a script) may
  // stop the hub at once, and a signal arriving between the last line and the handler would end the process
  // by the signal, without closing the hub.
  const stopped = untilSignal();
  const link = running.loginLink();
  if (ctx.globals().json) ctx.json({ ok: true, urls: running.urls, broker: redact(broker.url), data: flags.data, loginLink: link });
  ctx.say(`hub API and dashboard over ${redact(broker.url)} (data in ${flags.data})`);
  ctx.say(`  dashboard   ${running.urls.http}/  (user ${ADMIN_USER}; \`espkit hub credentials\` shows the password)`);
  ctx.say(`  login link  ${link}  ${LINK_NOTE}`);
  await stopped;
  await running.close();
}

/** Said beside every printed login link: what it is good for, and how to get another. */
const LINK_NOTE = '(one-time, good for 10 minutes; `espkit hub login` prints a fresh one)';

function stamp(line: string): string {
  return `${new Date().toISOString().slice(11, 23)} ${line}`;
}

export function register(program: Command, ctx: CliContext): void {
  const hub = program.command('hub').description('run the embedded MQTT broker, the HTTP push API and the live dashboard');
  // $ESPKIT_HUB (or $ESPKIT_HUB_DIR) is read by defaultDataDir
  const dataOption = (): Option => new Option('--data <dir>', 'the hub\'s folder: secret, sessions, local CA ($ESPKIT_HUB)').default(defaultDataDir());
  const hubOption = (): Option => new Option('--hub <dir>', 'the same as --data').hideHelp();

  hub
    .command('run', { isDefault: true })
    .description('run the hub until Ctrl-C (the default)')
    .addOption(dataOption())
    .addOption(new Option('--host <addr>', 'address to listen on').default('0.0.0.0'))
    .addOption(new Option('--mqtt-port <n>', 'MQTT over TCP').argParser(tcpPort).default(DEFAULT_MQTT_PORT))
    .addOption(new Option('--http-port <n>', 'HTTP API, dashboard and MQTT over WebSocket (/mqtt)').argParser(tcpPort).default(DEFAULT_HTTP_PORT))
    .option('--tls', 'also serve MQTT over TLS and HTTPS/WSS, with a certificate from a local CA made in the data folder', false)
    .addOption(new Option('--mqtts-port <n>', 'MQTT over TLS').argParser(tcpPort).default(DEFAULT_MQTTS_PORT))
    .option('--no-plain', 'with --tls: no plain MQTT listener')
    .addOption(new Option('--prefix <p>', 'topic prefix').default(DEFAULT_PREFIX))
    .addOption(new Option('--shards <n>', 'broadcast shards (each device subscribes to one)').argParser(wholeNumber('--shards', SETTINGS.shards)).default(DEFAULT_SHARDS))
    .addOption(new Option('--queue-limit <n>', 'most messages held for a device while it is away').argParser(wholeNumber('--queue-limit', { unit: 'messages' })).default(1000))
    .addOption(new Option('--drain-timeout <ms>', 'drop a subscriber whose socket stays full this long').argParser(wholeNumber('--drain-timeout', { unit: 'milliseconds' })).default(10_000))
    .option('--memory', 'keep sessions in memory only (lost on restart)', false)
    .option('--no-fast-path', 'deliver through aedes\' own path only (as ESPKIT_HUB_FAST=0 does)')
    .addOption(new Option('--broker <url>', 'no embedded broker: serve the API and dashboard over this broker (mqtt, mqtts, ws, wss with the admin login)'))
    .addOption(new Option('--ca <file>', 'CA certificate to trust for --broker mqtts/wss'))
    .action(action(ctx, async (flags: HubFlags) => {
      if (flags.broker) return runExternal(ctx, flags);
      // loaded here, not at start-up: the broker (aedes, level) and the HTTP side
      const { startHub } = await import('../hub/hub.ts');
      const running = await startHub({
        dataDir: flags.data,
        durable: !flags.memory,
        host: flags.host,
        mqttPort: flags.tls && !flags.plain ? null : flags.mqttPort,
        httpPort: flags.httpPort,
        tls: flags.tls,
        mqttsPort: flags.mqttsPort,
        prefix: flags.prefix,
        shards: flags.shards,
        queueLimit: flags.queueLimit,
        drainTimeoutMs: flags.drainTimeout,
        log: (line) => process.stderr.write(`${stamp(line)}\n`),
        // --no-fast-path wins; otherwise startBroker asks ESPKIT_HUB_FAST
        fastPath: flags.fastPath ? undefined : false,
      });
      // before the start-up lines, as in runExternal: a Ctrl-C right after them must still stop it cleanly
      const stopped = untilSignal();
      const { delivery } = running.broker;
      const link = running.loginLink();
      if (ctx.globals().json) ctx.json({ ok: true, urls: running.urls, ports: running.ports, caFile: running.caFile, data: flags.data, loginLink: link, delivery });
      ctx.say(`hub running on ${flags.host} (data in ${flags.data}, sessions ${flags.memory ? 'in memory' : 'durable'})`);
      if (running.urls.mqtt) ctx.say(`  MQTT        ${running.urls.mqtt.replace('127.0.0.1', flags.host)}`);
      if (running.urls.mqtts) ctx.say(`  MQTT/TLS    ${running.urls.mqtts.replace('127.0.0.1', flags.host)}  (clients trust ${running.caFile})`);
      ctx.say(`  WebSocket   ${running.urls.ws.replace('127.0.0.1', flags.host)}`);
      ctx.say(`  dashboard   ${running.urls.http}/  (user ${ADMIN_USER}; \`espkit hub credentials\` shows the password)`);
      ctx.say(`  login link  ${link}  ${LINK_NOTE}`);
      ctx.say(`  push API    POST ${running.urls.http}/api/devices/<id>/push  {"msg": "..."}`);
      ctx.say(`  delivery    ${delivery.path === 'fast' ? 'fast path' : 'aedes\' own path'}: ${delivery.reason}`);
      await stopped;
      ctx.say('stopping the hub (sessions are kept)');
      await running.close();
    }));

  hub
    .command('credentials')
    .description('show the admin login and device logins (give device ids), as broker URLs for push, bridge and deploy')
    .argument('[device...]', 'device ids')
    .addOption(dataOption())
    .addOption(hubOption())
    .addOption(new Option('--host <host>', 'host name or address devices use to reach the hub (default: this machine\'s LAN address)'))
    .addOption(new Option('--mqtt-port <n>', 'MQTT port (default: the running hub\'s)').argParser(tcpPort))
    .option('--create', 'make the hub secret if the folder has none yet (a running hub would not know it)', false)
    .action(action(ctx, (devices: string[], flags: { data: string; hub?: string; host?: string; mqttPort?: number; create: boolean }) => {
      for (const d of devices) checkDeviceId(d);
      const dataDir = flags.hub ?? flags.data;
      const creds = Credentials.load(dataDir, { create: flags.create });
      const running = findRunningHub(dataDir);
      if (running?.broker) return externalCredentials(ctx, running.broker, devices, dataDir, creds.adminPassword());
      // the admin works on this machine: the hub's own local URL, TLS when that is all it serves
      const adminBase = running?.urls.mqtt ?? running?.urls.mqtts ?? `mqtt://127.0.0.1:${flags.mqttPort ?? DEFAULT_MQTT_PORT}`;
      const admin = new URL(adminBase);
      admin.username = ADMIN_USER;
      admin.password = creds.adminPassword();
      const address = deviceAddress({ hub: running, dataDir, host: flags.host, port: flags.mqttPort });
      const deviceUrl = (d: string): string => `${address.scheme}://${d}:${encodeURIComponent(creds.devicePassword(d))}@${address.host}:${address.port}`;
      const rows = [
        { user: ADMIN_USER, password: creds.adminPassword(), url: admin.toString().replace(/\/$/, '') },
        ...devices.map((d) => ({ user: d, password: creds.devicePassword(d), url: deviceUrl(d), revoked: creds.isRevoked(d) })),
      ];
      const notes = devices.length > 0 ? address.notes : running ? [] : [`no hub is running from ${dataDir}: start \`espkit hub\``];
      if (admin.protocol === 'mqtts:' && running?.caFile) notes.push(`TLS clients trust ${running.caFile} (push and bridge find it themselves)`);
      if (ctx.globals().json) return ctx.json({ running: running !== undefined, data: dataDir, logins: rows, loopbackOnly: devices.length > 0 ? address.loopbackOnly : undefined, notes });
      for (const r of rows) ctx.say(`${r.user.padEnd(14)} ${r.url}${'revoked' in r && r.revoked ? '  (revoked)' : ''}`);
      if (devices.length > 0) ctx.say('a device logs in with its device id as both username and MQTT client id');
      for (const n of notes) ctx.say(`note: ${n}`);
    }));

  hub
    .command('login')
    .description('print a fresh one-time login link to the running hub\'s dashboard')
    .addOption(dataOption())
    .addOption(hubOption())
    .action(action(ctx, async (flags: { data: string; hub?: string }) => {
      const { requestLoginLink } = await import('../hub/login-link.ts');
      const link = await requestLoginLink(flags.hub ?? flags.data);
      if (ctx.globals().json) return ctx.json({ url: link.url, validS: link.validS });
      ctx.say(link.url);
      ctx.say(`note: it logs in one browser, once, within ${Math.round(link.validS / 60)} minutes; anyone who sees it unused can too, so do not share it`);
    }));

  hub
    .command('revoke')
    .description('refuse a device\'s login from now on (takes effect at its next connection)')
    .argument('<device>', 'device id')
    .addOption(dataOption())
    .addOption(hubOption())
    .option('--force', 'revoke an id that has never logged in to this hub', false)
    .action(action(ctx, (device: string, flags: { data: string; hub?: string; force: boolean }) => {
      Credentials.load(flags.hub ?? flags.data, { create: false }).revoke(checkDeviceId(device), { force: flags.force });
      ctx.say(`${device} is revoked (restart a running hub, or wait for the device to reconnect); \`espkit hub restore ${device}\` undoes it`);
    }));

  hub
    .command('restore')
    .description('accept a revoked device\'s login again')
    .argument('<device>', 'device id')
    .addOption(dataOption())
    .addOption(hubOption())
    .action(action(ctx, (device: string, flags: { data: string; hub?: string }) => {
      Credentials.load(flags.hub ?? flags.data, { create: false }).restore(checkDeviceId(device));
      ctx.say(`${device} may log in again`);
    }));
}

/**
 * Credentials of a hub over an external broker: the dashboard's admin password is the hub's, but device
 * logins belong to that broker, so the hub's derived device passwords would be refused there.
 */
function externalCredentials(ctx: CliContext, broker: string, devices: string[], dataDir: string, adminPassword: string): void {
  const where = new URL(broker);
  const host = `${where.hostname}:${where.port || (where.protocol === 'mqtts:' ? DEFAULT_MQTTS_PORT : DEFAULT_MQTT_PORT)}`;
  if (devices.length > 0) {
    throw new EspkitError(`the hub in ${dataDir} runs over the external broker ${host}, whose device logins are its own: add the device there and deploy with --broker mqtt://<user>:<password>@${host}`);
  }
  const note = `the hub serves the dashboard over the external broker ${host}; push and bridge use that broker's login from the hub's card`;
  if (ctx.globals().json) return ctx.json({ running: true, external: true, data: dataDir, logins: [{ user: ADMIN_USER, password: adminPassword, url: broker }], notes: [note] });
  ctx.say(`${ADMIN_USER.padEnd(14)} dashboard password ${adminPassword}`);
  ctx.say(`${'broker'.padEnd(14)} ${broker}`);
  ctx.say(`note: ${note}`);
}
