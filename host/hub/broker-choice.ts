// Which broker a command talks to when it was not given one: without --broker (or $ESPKIT_BROKER) the hub
// running on this machine is used: its card (hub.json, running.ts) in its data folder gives its listeners
// and CA, and the folder's secret its admin login.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { checkBrokerUrl, type BrokerTarget } from '../push/broker.ts';
import { Credentials, ADMIN_USER } from './credentials.ts';
import { defaultDataDir } from './paths.ts';
import { findRunningHub } from './running.ts';

/**
 * Which broker to use: --broker, else $ESPKIT_BROKER, else the hub running from the data folder
 * (--hub DIR, $ESPKIT_HUB, ~/.espkit/hub) with its admin login. The CA: --ca, else $ESPKIT_CA, else the
 * hub's own CA for a TLS URL.
 */
export function resolveBroker(options: { broker?: string; ca?: string; dataDir?: string }): BrokerTarget {
  const dataDir = options.dataDir ?? defaultDataDir();
  let url = options.broker || process.env.ESPKIT_BROKER;
  // commander fills --broker from $ESPKIT_BROKER too: name the one the person set
  let from = options.broker && options.broker !== process.env.ESPKIT_BROKER ? '--broker' : '$ESPKIT_BROKER';
  let hubCa: string | undefined;
  if (!url) {
    if (!existsSync(join(dataDir, 'secret'))) {
      throw new UsageError(`no broker given and no local hub in ${dataDir}: pass --broker mqtt://user:password@host:1883 or start \`espkit hub\``);
    }
    const hub = findRunningHub(dataDir);
    if (!hub) throw new UsageError(`no broker given and no hub running from ${dataDir}: start \`espkit hub\`, or pass --hub DIR (its data folder) or --broker URL`);
    hubCa = hub.caFile;
    if (hub.broker) {
      // a hub over an external broker: its card holds that broker's URL and login
      url = hub.broker;
      from = `the --broker of the hub in ${dataDir}`;
    } else {
      const base = hub.urls.mqtt ?? hub.urls.mqtts ?? hub.urls.ws;
      if (!base) throw new UsageError(`the hub in ${dataDir} has no MQTT listener: pass --broker URL`);
      const u = new URL(base);
      u.username = ADMIN_USER;
      u.password = Credentials.load(dataDir, { create: false }).adminPassword();
      url = u.toString();
      from = `the hub in ${dataDir}`;
    }
  }
  const u = checkBrokerUrl(url);
  const tlsUrl = u.protocol === 'mqtts:' || u.protocol === 'wss:';
  const caFile = options.ca || process.env.ESPKIT_CA || (tlsUrl ? hubCa ?? localCa(dataDir) : undefined);
  let ca: string | undefined;
  if (caFile) {
    if (!existsSync(caFile)) throw new UsageError(`the CA file ${caFile} does not exist`);
    ca = readFileSync(caFile, 'utf8');
  }
  return { url, ca, from };
}

function localCa(dataDir: string): string | undefined {
  const file = join(dataDir, 'tls', 'ca.pem');
  return existsSync(file) ? file : undefined;
}
