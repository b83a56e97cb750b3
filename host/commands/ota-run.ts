// What `espkit ota` does, by where the chunks are served from: the running hub (POST /api/ota, then its
// progress from GET /api/ota), or, against an external broker, this process for the rollout's duration
// (with the admin login; the manifest is cleared when it ends, since nobody would serve the chunks after).
import { EspkitError } from '../../core/errors.ts';
import { hubRequest } from '../hub/hub-request.ts';
import type { RunningHub } from '../hub/running.ts';
import { connectBroker, type BrokerTarget } from '../push/broker.ts';
import { clientBus } from '../ota/bus.ts';
import { rolloutBody } from '../ota/request.ts';
import type { RolloutView } from '../ota/rollout.ts';
import { StatusRoster } from '../ota/roster.ts';
import { OtaService, type RolloutRequest } from '../ota/service.ts';
import type { DeviceOtaState } from '../ota/states.ts';
import { untilStopped } from '../../core/stop-signals.ts';

export interface OtaStatus {
  rollout: RolloutView | null;
  devices: DeviceOtaState[];
}

const POLL_MS = 500;

function refused(answer: { status: number; body: unknown }, what: string): EspkitError {
  const error = (answer.body as { error?: unknown } | undefined)?.error;
  const text = typeof error === 'string' ? error : `HTTP ${answer.status}`;
  return new EspkitError(`the hub refused ${what}: ${text}`, { code: answer.status === 400 ? 2 : 1 });
}

export async function rolloutViaHub(hub: RunningHub, request: RolloutRequest, onView: (v: RolloutView) => void): Promise<RolloutView> {
  const started = await hubRequest(hub, 'POST', '/api/ota', rolloutBody(request.image, request));
  if (started.status !== 202) throw refused(started, 'the rollout');
  let view = started.body as RolloutView;
  onView(view);
  while (view.stage === 'canary' || view.stage === 'rest') {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const answer = await hubRequest(hub, 'GET', '/api/ota');
    if (answer.status !== 200) throw refused(answer, 'the progress request');
    const current = (answer.body as OtaStatus).rollout;
    if (!current || current.startedAt !== view.startedAt) throw new EspkitError('the hub started another rollout: this one is no longer followed');
    view = current;
    onView(view);
  }
  return view;
}

export async function statusViaHub(hub: RunningHub): Promise<OtaStatus> {
  const answer = await hubRequest(hub, 'GET', '/api/ota');
  if (answer.status !== 200) throw refused(answer, 'the status request');
  return answer.body as OtaStatus;
}

interface BrokerRun {
  service: OtaService;
  close(): Promise<void>;
}

async function serveFrom(broker: BrokerTarget, prefix: string, shards: number): Promise<BrokerRun> {
  const client = await connectBroker(broker);
  const bus = clientBus(client);
  const roster = new StatusRoster(bus, prefix);
  await roster.start();
  const service = await OtaService.start({ bus, prefix, roster, shards });
  // retained statuses arrive right after the subscription: give them a moment to land
  await new Promise((r) => setTimeout(r, 300));
  return {
    service,
    close: async () => {
      await service.close();
      await roster.close();
      await client.endAsync();
    },
  };
}

export async function rolloutViaBroker(
  broker: BrokerTarget, prefix: string, shards: number, request: RolloutRequest, onView: (v: RolloutView) => void,
): Promise<RolloutView> {
  const run = await serveFrom(broker, prefix, shards);
  try {
    run.service.on('rollout', onView);
    const rollout = async (): Promise<RolloutView> => {
      await run.service.start(request);
      return (await run.service.finished())!;
    };
    // Ctrl-C, SIGTERM or SIGHUP (a closed terminal) stops the rollout the way --max-failures does
    const view = await untilStopped(rollout(), () => void run.service.cancel());
    await run.service.clear();
    return view;
  } finally {
    await run.close();
  }
}

export async function statusViaBroker(broker: BrokerTarget, prefix: string, shards: number): Promise<OtaStatus> {
  const run = await serveFrom(broker, prefix, shards);
  try {
    return { rollout: null, devices: run.service.deviceStates() };
  } finally {
    await run.close();
  }
}
