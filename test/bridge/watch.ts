// A host-side MQTT client for the bridge tests: it records what arrives on one topic, and ends without waiting.
import mqtt, { type MqttClient } from 'mqtt';

export async function watch(url: string, topic: string): Promise<{ client: MqttClient; got: string[] }> {
  const client = mqtt.connect(url, { reconnectPeriod: 100 });
  const got: string[] = [];
  client.on('message', (_t, p) => got.push(p.toString()));
  await new Promise<void>((resolve, reject) => client.once('connect', () => client.subscribe(topic, { qos: 1 }, (e) => (e ? reject(e) : resolve()))));
  return { client, got };
}

export const end = (c: MqttClient): Promise<void> => new Promise((resolve) => c.end(true, {}, () => resolve()));
